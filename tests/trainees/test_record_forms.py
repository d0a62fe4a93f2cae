"""Every form about a record carries the provider it was drawn for and the record's version.

A form submitted after the user switched provider in another tab, or after someone else
changed the record, saves nothing and gives the user's answers back, to save once they
have chosen.
"""

import pytest

from providers.hat import HAT_SESSION_KEY
from tests.conftest import wear
from tests.forms import hidden_fields, submit
from tests.routes import (
    ROUTE_STATES,
    STAFF_ONLY_ROUTES,
    accepted_methods,
    make_record,
    record_routes,
    send,
    snapshot,
    url_for,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "personal_details": ("draft", {"first_names": "Ada", "completion": "no"}),
    "defer": (
        "trn_received",
        {"deferred_on_day": "10", "deferred_on_month": "10", "deferred_on_year": "2026"},
    ),
    "degree_add": (
        "draft",
        {
            "uk_degree": "yes",
            "subject": "History",
            "institution": "University of York",
            "grade": "first",
            "graduation_year": "2018",
        },
    ),
}


@pytest.mark.parametrize("name", ANSWERS)
def test_a_form_sent_after_switching_provider_keeps_the_answers_and_saves_once(
    hat_client, alder, birch, name
):
    state, answers = ANSWERS[name]
    trainee = make_record(alder, state)
    url = url_for("trainees", name, {"public_id"}, trainee)
    form = {**hidden_fields(hat_client.get(url).content.decode()), **answers}
    before = snapshot(trainee)
    wear(hat_client, birch)  # another tab switched provider

    refused = hat_client.post(url, form)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "You changed provider while this form was open" in html
    assert "This form was for a trainee record of <strong>Alder SCITT</strong>" in html
    assert "Nothing has been saved" in html
    assert "Switch to Alder SCITT and save" in html
    assert "Save for Birch University" not in html  # a record's answers are its provider's
    for value in answers.values():
        assert f'value="{value}"' in html
    assert snapshot(trainee) == before
    assert hat_client.session[HAT_SESSION_KEY] == birch.pk

    resubmitted = hat_client.post(url, hidden_fields(html))
    assert resubmitted.status_code == 302
    assert hat_client.session[HAT_SESSION_KEY] == alder.pk
    assert snapshot(trainee) != before
    after_save = snapshot(trainee)
    assert "You are now working on Alder SCITT" in hat_client.get("/trainees/").content.decode()

    # The same answers sent once more (a second click) are not saved twice.
    again = hat_client.post(url, hidden_fields(html))
    assert again.status_code == 409
    assert (
        "This record has changed since you opened this page" in again.content.decode()
        or "This change is not possible" in again.content.decode()  # deferred already
    )
    assert snapshot(trainee) == after_save


def test_staying_on_the_other_provider_saves_nothing_and_says_so(hat_client, alder, birch):
    trainee = make_record(alder, "draft")
    url = f"/trainees/{trainee.public_id}/personal-details/"
    form = {**hidden_fields(hat_client.get(url).content.decode()), "first_names": "Ada"}
    wear(hat_client, birch)
    html = hat_client.post(url, form).content.decode()
    assert (
        '<a class="govuk-link" href="/trainees/?stayed=stale_form">Stay on Birch University without saving</a>'
        in (html)
    )


def test_a_record_form_without_the_provider_it_was_drawn_for_is_refused(hat_client, alder):
    trainee = make_record(alder, "draft")
    url = f"/trainees/{trainee.public_id}/personal-details/"
    before = snapshot(trainee)
    response = hat_client.post(url, {"version": trainee.version, "first_names": "Ada"})
    assert response.status_code == 400
    assert snapshot(trainee) == before


def post_routes():
    cases = []
    for namespace, name, parameters in record_routes():
        if name in STAFF_ONLY_ROUTES:
            continue
        for state in ROUTE_STATES[name]:
            cases.append(pytest.param(namespace, name, parameters, state, id=f"{name}-{state}"))
    return cases


@pytest.mark.parametrize(("namespace", "name", "parameters", "state"), post_routes())
def test_every_write_without_the_version_it_was_drawn_from_is_refused(
    hat_client, alder, namespace, name, parameters, state
):
    trainee = make_record(alder, state)
    url = url_for(namespace, name, parameters, trainee)
    if "POST" not in accepted_methods(hat_client, url):
        pytest.skip("the page is read only")
    drawn = hidden_fields(hat_client.get(url).content.decode())
    assert drawn.get("version") == str(trainee.version), "the page's form carries the version"
    del drawn["version"]
    before = snapshot(trainee)
    response = send(hat_client, "POST", url, drawn)
    assert response.status_code == 200, response.status_code
    assert "This page is out of date. Go back to the record and try again" in (
        response.content.decode()
    )
    assert snapshot(trainee) == before


def test_a_stale_version_on_a_state_action_saves_nothing_and_shows_what_changed(hat_client, alder):
    trainee = make_record(alder, "trn_received")
    url = f"/trainees/{trainee.public_id}/withdraw/"
    form = hidden_fields(hat_client.get(url).content.decode())
    submit(hat_client, f"/trainees/{trainee.public_id}/contact-details/", {"email": "new@x.org"})
    before = snapshot(trainee)
    response = hat_client.post(
        url,
        {
            **form,
            "withdrawn_on_day": "1",
            "withdrawn_on_month": "10",
            "withdrawn_on_year": "2026",
            "reason": "health",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "What changed since you opened this page" in html
    assert "Email address:" in html and "new@x.org" in html
    assert 'value="health" checked' in html
    assert snapshot(trainee) == before
    again = hat_client.post(
        url,
        {
            **hidden_fields(html),
            "reason": "health",
            **{"withdrawn_on_day": "1", "withdrawn_on_month": "10", "withdrawn_on_year": "2026"},
        },
    )
    assert again.status_code == 302
    trainee.refresh_from_db()
    assert trainee.state == "withdrawn"
