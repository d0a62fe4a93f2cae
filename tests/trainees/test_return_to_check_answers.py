"""Every Change link on Check your answers comes back to Check your answers after saving,
and ``return_to`` takes nothing but a page of the same record."""

import re
from urllib.parse import quote

import pytest

from tests.factories import TraineeFactory
from tests.forms import submit
from tests.routes import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alder):
    return make_record(alder, "draft")


def check_url(trainee):
    return f"/trainees/{trainee.public_id}/check/"


def change_links(html):
    return re.findall(r'<a class="govuk-link" href="([^"]+)">Change<span', html)


def test_every_change_link_on_check_your_answers_returns_there(hat_client, draft):
    html = hat_client.get(check_url(draft)).content.decode()
    links = change_links(html)
    assert len(links) >= 10  # provider, route and every section
    suffix = f"?return_to={quote(check_url(draft), safe='')}"
    for link in links:
        assert link.replace("&amp;", "&").endswith(suffix), link


@pytest.mark.parametrize(
    ("slug", "answers"),
    [
        ("contact-details", {"email": "ada@example.com", "completion": "yes"}),
        ("training-route", {"training_route": "school_direct_salaried"}),
        ("degrees", {"completion": "yes"}),
    ],
)
def test_saving_from_a_change_link_returns_to_check_your_answers(hat_client, draft, slug, answers):
    url = f"/trainees/{draft.public_id}/{slug}/?return_to={check_url(draft)}"
    response = submit(hat_client, url, answers)
    assert response.status_code == 302
    assert response["Location"] == check_url(draft)


def test_a_degree_changed_from_check_your_answers_comes_back_through_the_degrees_page(
    hat_client, draft
):
    degrees = f"/trainees/{draft.public_id}/degrees/?return_to={check_url(draft)}"
    html = hat_client.get(degrees).content.decode()
    degree = draft.degrees.get()
    edit = f"/trainees/{draft.public_id}/degrees/{degree.pk}/?return_to={quote(check_url(draft), safe='')}"
    assert f'href="{edit}"' in html
    saved = submit(
        hat_client,
        edit,
        {
            "uk_degree": "yes",
            "subject": "Physics",
            "institution": "Leeds",
            "grade": "first",
            "graduation_year": "2019",
        },
    )
    assert (
        saved["Location"]
        == f"/trainees/{draft.public_id}/degrees/?return_to={quote(check_url(draft), safe='')}"
    )
    assert submit(hat_client, saved["Location"], {"completion": "yes"})["Location"] == check_url(
        draft
    )


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/trainees/",
        "/admin/",
        "/trainees/",
        "/trainees/{other}/check/",
        "/trainees/{id}/no-such-page/",
        "/trainees/{id}/check/\\evil",
        "javascript:alert(1)",
    ],
)
def test_return_to_accepts_only_a_page_of_the_same_record(hat_client, draft, alder, target):
    other = TraineeFactory(provider=alder)
    target = target.format(id=draft.public_id, other=other.public_id)
    url = f"/trainees/{draft.public_id}/contact-details/?return_to={quote(target, safe='')}"
    page = hat_client.get(url).content.decode()
    assert f'href="{draft.get_absolute_url()}" class="govuk-back-link"' in page
    response = submit(hat_client, url, {"email": "ada@example.com", "completion": "yes"})
    assert response["Location"] == draft.get_absolute_url()
