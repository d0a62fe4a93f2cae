"""The trainee list's page rules, read from the page: which page a ``page`` parameter shows,
whether the records are counted from the providers' counts or in the database, and how
drafts without a name say who started them."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import User
from tests.factories import TraineeFactory, UserFactory
from trainees import services

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<a class="govuk-link" href="/trainees/[0-9a-f-]+/">')


def shown(client, query):
    """(page number, number of pages, rows on the page, total) as the list shows them; no
    page at all when nothing matches."""
    html = client.get(f"/trainees/?{query}").content.decode()
    total = int(re.search(r'app-record-count" role="status">(\d+) record', html).group(1))
    caption = re.search(r"Trainee records, page (\d+) of (\d+)</caption>", html)
    if caption is None:
        return None, None, len(ROW.findall(html)), total
    return int(caption[1]), int(caption[2]), len(ROW.findall(html)), total


def links(client, query):
    html = client.get(f"/trainees/?{query}").content.decode()
    return ('rel="prev"' in html, 'rel="next"' in html)


PAGES = {
    "": 1,
    "page=1": 1,
    "page=2": 2,
    "page=%202%20": 2,
    "page=3": 2,  # past the end: the last page
    "page=999999999": 2,
    "page=1234567890": 1,  # too long to be a page
    "page=0": 1,
    "page=-2": 1,
    "page=abc": 1,
    "page=%EF%BC%92": 1,  # a full-width 2 is not a page number
}


@pytest.mark.parametrize("narrowed", [False, True], ids=["counted by provider", "filtered"])
def test_the_page_parameter_picks_a_page_within_the_list(hat_client, alder, narrowed):
    TraineeFactory.create_batch(101, provider=alder)
    TraineeFactory(provider=alder, study_mode="part_time")
    # A filter that keeps every record but one makes the database count them.
    base = "study_mode=full_time&" if narrowed else ""
    for query, page in PAGES.items():
        rows = 100 if page == 1 else 101 - 100 + (0 if narrowed else 1)
        assert shown(hat_client, base + query) == (page, 2, rows, 101 + (not narrowed)), query
    assert links(hat_client, base + "page=1") == (False, True)
    assert links(hat_client, base + "page=2") == (True, False)


def test_a_list_of_one_page_or_none(hat_client, alder):
    assert shown(hat_client, "page=2") == (None, None, 0, 0)
    assert shown(hat_client, "study_mode=part_time&page=2") == (None, None, 0, 0)
    TraineeFactory(provider=alder, study_mode="part_time")
    assert shown(hat_client, "page=2") == (1, 1, 1, 1)
    assert shown(hat_client, "study_mode=part_time&page=2") == (1, 1, 1, 1)
    assert shown(hat_client, "study_mode=full_time&page=2") == (None, None, 0, 0)
    assert links(hat_client, "") == (False, False)


def test_a_filtered_page_past_the_end_shows_the_last_page(hat_client, alder):
    TraineeFactory.create_batch(3, provider=alder, study_mode="part_time")
    assert shown(hat_client, "study_mode=part_time&page=5") == (1, 1, 3, 3)


def unnamed_draft(provider, creator):
    trainee = services.create_draft(
        provider=provider, training_route="assessment_only", user=creator
    )
    started = timezone.make_aware(datetime.datetime(2026, 11, 29, 10, 0))
    type(trainee).objects.filter(pk=trainee.pk).update(created_at=started)
    return trainee


def test_unnamed_drafts_say_who_started_them_by_name_else_email(hat_client, alder):
    unnamed_draft(alder, UserFactory(first_name="Morgan", last_name="Multi"))
    unnamed_draft(alder, UserFactory(first_name="", last_name="", email="nameless@example.com"))
    unnamed_draft(alder, UserFactory(first_name="Cher", last_name=""))
    gone = UserFactory(first_name="Gone", last_name="Away")
    unnamed_draft(alder, gone)
    User.objects.filter(pk=gone.pk).delete()
    html = hat_client.get("/trainees/").content.decode()
    drafts = re.findall(r">(Draft: Assessment only, started [^<]*)</a>", html)
    assert sorted(drafts) == [
        "Draft: Assessment only, started 29 November 2026",
        "Draft: Assessment only, started 29 November 2026 by Cher",
        "Draft: Assessment only, started 29 November 2026 by Morgan Multi",
        "Draft: Assessment only, started 29 November 2026 by nameless@example.com",
    ]
