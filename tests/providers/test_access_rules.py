"""The access rules of the provider middleware, the hat and the stale-form guard, seen from
outside: which pages need a provider, what the "record of another provider" and "provider
changed" pages offer and post, and what is logged when a form is refused or resubmitted."""

import logging

import pytest

from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, TraineeFactory, complete, member_of
from tests.forms import page_forms
from tests.providers import guard_urls
from tests.routes import wear

pytestmark = pytest.mark.django_db


def posted_forms(html):
    """Each form of the page: where it posts and the hidden fields it sends, which must
    include the CSRF token (left out of what is returned)."""
    forms = page_forms(html)
    for form in forms:
        assert form["hidden"].pop("csrfmiddlewaretoken"), form
    return forms


def button_forms(html):
    return [form["hidden"] for form in posted_forms(html)]


# Which pages need a provider ----------------------------------------------------------------


@pytest.mark.urls("tests.providers.access_urls")
@pytest.mark.parametrize("model", ["hat", "blended"])
def test_pages_that_opt_out_work_for_a_user_with_no_provider(client, settings, model):
    settings.PROVIDER_MODEL = model
    client.force_login(member_of())
    assert client.get("/public/").content == b"public page"
    assert client.get("/public-class/").content == b"public class page"
    assert client.get("/support-tools/report/").content == b"support report"
    refused = client.get("/service/")
    assert refused.status_code == 403
    assert "You are not linked to a provider yet" in refused.content.decode()


@pytest.mark.urls("tests.providers.access_urls")
def test_a_service_page_needs_a_hat_but_opted_out_pages_do_not(client, alder, birch):
    client.force_login(member_of(alder, birch))
    assert client.get("/service/")["Location"] == "/providers/choose/?next=%2Fservice%2F"
    assert client.get("/public-class/").status_code == 200
    assert client.get("/support-tools/report/").status_code == 200
    wear(client, birch)
    response = client.get("/service/")
    assert response.content == b"service page"
    assert response.wsgi_request.provider_context.active == birch


@pytest.mark.urls("tests.providers.access_urls")
def test_signed_out_visitors_are_left_to_the_view(client):
    response = client.get("/service/")
    assert response.content == b"service page"
    assert response.wsgi_request.provider_context.providers == ()
    assert response.wsgi_request.provider_context.active is None


@pytest.mark.parametrize(("override", "model"), [("blended", "blended"), ("sideways", "hat")])
def test_a_demo_session_may_switch_model_to_a_known_one_only(
    client, settings, alder, birch, override, model
):
    settings.DEMO_MODE = True
    settings.PROVIDER_MODEL = "hat"
    client.force_login(member_of(alder, birch))
    session = client.session
    session["providers.model_override"] = override
    session.save()
    assert client.get("/trainees/").wsgi_request.provider_context.model == model


def test_choosing_the_deployments_model_again_follows_the_deployment(
    client, settings, alder, birch
):
    settings.DEMO_MODE = True
    settings.PROVIDER_MODEL = "hat"
    client.force_login(member_of(alder, birch, is_staff=True))
    scenario = {"providers": [alder.pk, birch.pk]}
    client.post("/support/scenario/", {**scenario, "provider_model": "blended"})
    assert client.session["providers.model_override"] == "blended"
    client.post("/support/scenario/", {**scenario, "provider_model": "hat"})
    assert "providers.model_override" not in client.session
    settings.PROVIDER_MODEL = "blended"
    assert client.get("/trainees/").wsgi_request.provider_context.model == "blended"


# A record of another of the user's providers ------------------------------------------------


def test_a_record_of_another_provider_offers_to_switch_and_continue(hat_client, birch):
    trainee = TraineeFactory(provider=birch, first_names="Ben", last_name="Birch")
    url = f"{trainee.get_absolute_url()}?tab=timeline"
    page = hat_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l">This record belongs to Birch University</h1>' in html
    assert "You are working on Alder SCITT. To see this record, switch to Birch University." in html
    (switch,) = button_forms(html)
    assert switch == {
        "provider": str(birch.pk),
        "next": url,
        "source": "switch_and_continue",
        "answering": "other_record",
    }

    continued = hat_client.post("/providers/choose/", switch)
    assert continued["Location"] == url
    assert "Ben Birch" in hat_client.get(url).content.decode()


# A form refused because the hat changed -----------------------------------------------------


def post_personal_details(client, trainee, **fields):
    data = {"form_provider": trainee.provider.pk, "version": trainee.version, "first_names": "Ada"}
    data.update(fields)
    return client.post(f"/trainees/{trainee.public_id}/personal-details/?from=check", data)


def test_a_record_form_from_before_a_switch_can_only_be_saved_for_the_records_provider(
    hat_client, alder, birch
):
    trainee = complete(TraineeFactory(provider=alder))
    wear(hat_client, birch)  # another tab switched
    refused = post_personal_details(hat_client, trainee)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "This form was for a trainee record of <strong>Alder SCITT</strong>" in html
    assert "you are now working on <strong>Birch University</strong>" in html
    (choice,) = posted_forms(html)
    assert choice["action"] == f"/trainees/{trainee.public_id}/personal-details/?from=check"
    assert choice["hidden"] == {
        "version": str(trainee.version),
        "first_names": "Ada",
        "switch_to_provider": str(alder.pk),
        "stale_form_choice": "switch_and_save",
    }
    assert (
        '<button type="submit" class="govuk-button" data-module="govuk-button">'
        "Switch to Alder SCITT and save</button>"
    ) in html
    assert "Stay on Birch University without saving" in html
    trainee.refresh_from_db()
    assert trainee.first_names != "Ada"


def test_a_form_drawn_for_another_hat_about_a_record_of_this_one_is_saved_for_this_one(
    hat_client, alder, birch
):
    trainee = complete(TraineeFactory(provider=alder))
    refused = post_personal_details(hat_client, trainee, form_provider=birch.pk)
    html = refused.content.decode()
    assert refused.status_code == 409
    (choice,) = button_forms(html)
    assert choice["form_provider"] == str(alder.pk)
    assert "switch_to_provider" not in choice
    assert (
        '<button type="submit" class="govuk-button" data-module="govuk-button">'
        "Save for Alder SCITT</button>"
    ) in html


@pytest.mark.urls("tests.providers.guard_urls")
def test_a_new_forms_answers_can_go_back_to_the_provider_drawn_for_or_stay(client, alder, birch):
    guard_urls.SAVED.clear()
    client.force_login(member_of(alder, birch))
    wear(client, birch)
    refused = client.post("/note/?draft=1", {"form_provider": alder.pk, "note": "hi"})
    html = refused.content.decode()
    assert refused.status_code == 409
    back, stay = posted_forms(html)
    assert back["action"] == stay["action"] == "/note/?draft=1"
    assert back["hidden"] == {
        "note": "hi",
        "switch_to_provider": str(alder.pk),
        "stale_form_choice": "switch_and_save",
    }
    assert stay["hidden"] == {
        "note": "hi",
        "form_provider": str(birch.pk),
        "stale_form_choice": "save_here",
    }
    assert (
        '<button type="submit" class="govuk-button" data-module="govuk-button">'
        "Switch back to Alder SCITT and save</button>"
    ) in html
    assert (
        '<button type="submit" class="govuk-button govuk-button--secondary" '
        'data-module="govuk-button">Save for Birch University instead</button>'
    ) in html

    client.post("/note/?draft=1", back["hidden"])
    assert [(alder.pk, "hi")] == guard_urls.SAVED
    assert client.session[HAT_SESSION_KEY] == alder.pk


@pytest.mark.urls("tests.providers.guard_urls")
def test_a_form_for_a_provider_no_longer_yours_can_only_stay(client, alder, birch):
    client.force_login(member_of(alder, birch))
    wear(client, alder)
    gone = ProviderFactory()
    refused = client.post("/note/", {"form_provider": gone.pk, "note": "hi"})
    (stay,) = posted_forms(refused.content.decode())
    assert stay["hidden"] == {
        "note": "hi",
        "form_provider": str(alder.pk),
        "stale_form_choice": "save_here",
    }


# What is logged -----------------------------------------------------------------------------


@pytest.mark.urls("tests.providers.guard_urls")
def test_switching_provider_to_resubmit_a_form_is_logged(client, alder, birch, caplog):
    user = member_of(alder, birch)
    client.force_login(user)
    wear(client, birch)
    with caplog.at_level(logging.INFO, logger="providers.middleware"):
        client.post("/note/", {"switch_to_provider": alder.pk, "note": "hi"})
    (record,) = [r for r in caplog.records if r.name == "providers.middleware"]
    assert record.getMessage() == (
        f"user {user.pk} switched provider to {alder.pk} to resubmit a form"
    )


@pytest.mark.urls("tests.providers.guard_urls")
def test_a_form_that_does_not_say_its_provider_is_refused_with_the_reason_logged(
    client, alder, birch, caplog
):
    guard_urls.SAVED.clear()
    client.force_login(member_of(alder, birch))
    wear(client, alder)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post("/note/", {"note": "hi"})
    assert response.status_code == 400
    assert guard_urls.SAVED == []
    reasons = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert reasons == ["the form does not say which provider it was drawn for: /note/"]


@pytest.mark.urls("tests.providers.guard_urls")
def test_resubmitting_for_a_provider_not_yours_is_the_services_bad_request_page(
    client, alder, birch
):
    client.force_login(member_of(alder, birch))
    wear(client, birch)
    foreign = ProviderFactory()
    refused = client.post("/note/", {"switch_to_provider": foreign.pk, "note": "hi"})
    html = refused.content.decode()
    assert refused.status_code == 400
    # Drawn for this request: the header still names the hat the user is wearing.
    assert '<span class="govuk-visually-hidden">Working on </span>Birch University' in html
