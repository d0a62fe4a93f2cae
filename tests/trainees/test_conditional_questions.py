"""Questions revealed by another answer (GOV.UK conditional reveals).

With JavaScript the revealed questions hide until their answer is chosen; without it they
all show, so a user can answer both ways at once. Such a contradiction is an error on the
page, never silently dropped: the answers stay, and the user can choose to remove them.
"""

import pytest

from tests.forms import hidden_fields, submit
from tests.routes import make_record, snapshot
from trainees.constants import EthnicGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alder):
    return make_record(alder, "draft")


def diversity_url(trainee):
    return f"/trainees/{trainee.public_id}/diversity/"


def test_diversity_reveals_ethnicity_and_disability_under_yes(hat_client, draft):
    html = hat_client.get(diversity_url(draft)).content.decode()
    assert (
        '<input class="govuk-radios__input" id="id_diversity_disclosed_0" '
        'name="diversity_disclosed" type="radio" value="yes" '
        'data-aria-controls="conditional-id_diversity_disclosed_0">'
    ) in html
    conditional = html[html.index('id="conditional-id_diversity_disclosed_0"') :]
    conditional = conditional[: conditional.index('id="id_diversity_disclosed_1"')]
    for question in ("Ethnic group", "Ethnic background", "Disability", "Disabilities"):
        assert question in conditional, question
    # Shown without JavaScript: only GOV.UK Frontend's script applies the hidden class.
    assert 'class="govuk-radios__conditional govuk-radios__conditional--hidden"' in html
    # Each revealed question is drawn once, inside the reveal.
    assert html.count('name="ethnic_group"') == len(EthnicGroup.choices)
    assert conditional.count('name="ethnic_group"') == len(EthnicGroup.choices)


def test_not_shared_with_ethnicity_answered_is_an_error_and_nothing_is_dropped(hat_client, draft):
    before = snapshot(draft)
    answers = {"diversity_disclosed": "no", "ethnic_group": "asian", "completion": "yes"}
    response = submit(hat_client, diversity_url(draft), answers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "You selected that the trainee has not shared diversity information" in html
    assert 'value="asian" checked' in html  # the answer is still there
    assert "Remove the answers about ethnicity and disability" in html
    assert snapshot(draft) == before

    # Choosing to remove them saves "not shared", and nothing else.
    removed = hat_client.post(
        diversity_url(draft),
        {**hidden_fields(html), **answers, "diversity_disclosed_discard": "on"},
    )
    assert removed.status_code == 302
    draft.refresh_from_db()
    assert draft.diversity_disclosed is False
    assert draft.ethnic_group == ""


def test_shared_keeps_the_revealed_answers(hat_client, draft):
    response = submit(
        hat_client,
        diversity_url(draft),
        {
            "diversity_disclosed": "yes",
            "ethnic_group": "asian",
            "ethnic_background": "Indian",
            "disability_disclosure": "no",
            "completion": "yes",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.diversity_disclosed, draft.ethnic_group, draft.ethnic_background) == (
        True,
        "asian",
        "Indian",
    )


def test_revealed_answers_without_the_revealing_one_are_an_error(hat_client, draft):
    draft.diversity_disclosed = None  # never answered
    draft.save()
    before = snapshot(draft)
    response = submit(
        hat_client, diversity_url(draft), {"ethnic_group": "asian", "completion": "no"}
    )
    assert "Select whether the trainee has shared diversity information" in (
        response.content.decode()
    )
    assert snapshot(draft) == before


def test_disabilities_without_saying_they_have_one_are_an_error(hat_client, draft):
    before = snapshot(draft)
    response = submit(
        hat_client,
        diversity_url(draft),
        {
            "diversity_disclosed": "yes",
            "ethnic_group": "white",
            "disability_disclosure": "no",
            "disabilities": ["deaf"],
            "completion": "yes",
        },
    )
    html = response.content.decode()
    assert "You selected disabilities, but not that the trainee has one or more" in html
    assert snapshot(draft) == before


def withdrawal(reason, details=""):
    answers = {
        "withdrawn_on_day": "1",
        "withdrawn_on_month": "10",
        "withdrawn_on_year": "2026",
        "reason": reason,
    }
    if details:
        answers["details"] = details
    return answers


def test_withdrawal_details_belong_to_another_reason(hat_client, alder):
    trainee = make_record(alder, "trn_received")
    url = f"/trainees/{trainee.public_id}/withdraw/"
    html = hat_client.get(url).content.decode()
    assert 'value="other" data-aria-controls="conditional-id_reason_6"' in html
    before = snapshot(trainee)
    refused = submit(hat_client, url, withdrawal("health", "Moved abroad"))
    page = refused.content.decode()
    assert "You gave details of another reason, but did not select another reason" in page
    assert "Moved abroad</textarea>" in page
    assert snapshot(trainee) == before

    needs_details = submit(hat_client, url, withdrawal("other"))
    assert "Enter details of why the trainee withdrew" in needs_details.content.decode()
    assert snapshot(trainee) == before

    done = submit(hat_client, url, withdrawal("other", "Moved abroad"))
    assert done.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.withdrawal_reason, trainee.withdrawal_details) == ("other", "Moved abroad")


DEGREE = {
    "subject": "History",
    "institution": "Sorbonne",
    "grade": "first",
    "graduation_year": "2018",
}


def test_a_degree_country_belongs_to_a_non_uk_degree(hat_client, alder):
    trainee = make_record(alder, "draft")
    url = f"/trainees/{trainee.public_id}/degrees/new/"
    html = hat_client.get(url).content.decode()
    assert 'value="no" data-aria-controls="conditional-id_uk_degree_1"' in html
    degrees_before = trainee.degrees.count()

    uk_with_country = submit(hat_client, url, {**DEGREE, "uk_degree": "yes", "country": "France"})
    assert "You entered a country, but selected UK degree" in uk_with_country.content.decode()
    non_uk_without = submit(hat_client, url, {**DEGREE, "uk_degree": "no"})
    assert "Enter the country of the degree" in non_uk_without.content.decode()
    assert trainee.degrees.count() == degrees_before

    saved = submit(hat_client, url, {**DEGREE, "uk_degree": "no", "country": "France"})
    assert saved.status_code == 302
    assert trainee.degrees.filter(country="France", uk_degree=False).exists()
