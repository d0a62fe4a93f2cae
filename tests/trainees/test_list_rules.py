"""The trainee list's page rules, read from the page: which page a ``page`` parameter shows,
whether the records are counted from the providers' counts or in the database, and how
drafts without a name say who started them."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from providers.models import Role
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    UserFactory,
    member_of,
    partnership,
    registered,
)
from trainees import services
from trainees.models import Trainee

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<a class="govuk-link" href="/trainees/[0-9a-f-]+/">')


def shown(client, query):
    """(page number, number of pages, rows on the page, total) as the list shows them; no
    page at all when nothing matches."""
    html = client.get(f"/trainees/?{query}").content.decode()
    total = re.search(r'app-record-count" role="status">([\d,]+) record', html).group(1)
    total = int(total.replace(",", ""))
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


# The blended list over several providers on PostgreSQL: each provider's first rows, merged --

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the merged list query is PostgreSQL's"
)


def listed(client, query):
    html = client.get(f"/trainees/?{query}").content.decode()
    return re.findall(r'<a class="govuk-link" href="/trainees/[0-9a-f-]+/">([^<]+)</a>', html)


def statements(client, query):
    caches["lists"].clear()  # the statements of a page read afresh, not of one kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/trainees/?{query}").status_code == 200
    return [q["sql"] for q in queries if "trainees_trainee" in q["sql"]]


@pytest.fixture
def interleaved(alder, birch):
    """Records of two providers whose update times and names interleave."""
    now = timezone.now()
    for n in range(120):
        trainee = TraineeFactory(
            provider=(alder, birch)[n % 2],
            first_names="Trainee",
            last_name=f"N{n:03d}",
            study_mode=("full_time", "part_time")[n % 3 == 0],
        )
        updated = now - datetime.timedelta(minutes=n)
        type(trainee).objects.filter(pk=trainee.pk).update(updated_at=updated)


@needs_postgresql
def test_the_merged_list_orders_pages_and_counts_across_providers(blended_client, interleaved):
    names = [f"Trainee N{n:03d}" for n in range(120)]
    assert listed(blended_client, "") == names[:100]
    assert listed(blended_client, "page=2") == names[100:]
    assert listed(blended_client, "sort=last_name&page=2") == names[100:]
    part_time = [name for n, name in enumerate(names) if n % 3 == 0]
    assert listed(blended_client, "study_mode=part_time") == part_time
    assert shown(blended_client, "study_mode=full_time&page=2") == (1, 1, 80, 80)
    assert shown(blended_client, "study_mode=full_time&page=9") == (1, 1, 80, 80)


@needs_postgresql
def test_the_merged_list_reads_each_providers_rows_in_one_statement(blended_client, interleaved):
    (merged,) = statements(blended_client, "study_mode=full_time")
    assert merged.count("UNION ALL") == 1
    assert "ORDER BY updated_at DESC, id DESC" in merged
    (by_name,) = statements(blended_client, "sort=last_name")
    assert "ORDER BY last_name ASC, first_names ASC, id ASC" in by_name
    (search,) = statements(blended_client, "q=trainee")
    assert "UNION ALL" not in search


@needs_postgresql
def test_with_training_partners_only_their_linked_records_are_counted(
    client, alder, birch, settings
):
    settings.PROVIDER_MODEL = "blended"
    outside, partner = ProviderFactory(), PartnerFactory()
    partnership(alder, partner)
    partnership(outside, partner)
    TraineeFactory.create_batch(2, provider=alder)
    TraineeFactory(provider=alder, training_partner=partner)  # counted once, as Alder's
    TraineeFactory.create_batch(2, provider=birch)
    TraineeFactory.create_batch(4, provider=outside, training_partner=partner)
    TraineeFactory(provider=outside)  # not linked: not the user's to see
    user = member_of(alder, birch)
    MembershipFactory(user=user, provider=partner, role=Role.VIEW)
    client.force_login(user)
    assert shown(client, "") == (1, 1, 9, 9)
    # The providers' own records come from their counters; only the linked ones are
    # counted, in the partner's part. Filtered, every organisation counts its own.
    (statement,) = statements(client, "")
    counts = statement.split("SELECT COUNT(*) FROM")[1:]
    assert len(counts) == 1
    assert '"training_partner_id" =' in counts[0]
    assert 'NOT ("trainees_trainee"."provider_id" IN' in counts[0]
    (filtered,) = statements(client, "study_mode=full_time")
    assert filtered.count("SELECT COUNT(*) FROM") == 3
    assert shown(client, f"provider={alder.pk}") == (1, 1, 3, 3)
    assert shown(client, "study_mode=full_time") == (1, 1, 9, 9)


def prepared(containing: str) -> tuple[int, int]:
    """How many statements this connection has prepared that contain ``containing``, and
    how many times PostgreSQL planned them afresh for a request's values."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            [f"%{containing}%"],
        )
        return cursor.fetchone()


@needs_postgresql
def test_the_merged_statement_is_planned_once_a_connection(blended_client, interleaved):
    before, _ = prepared("AS merged")
    names = [f"Trainee N{n:03d}" for n in range(120)]
    for _ in range(3):
        assert listed(blended_client, "") == names[:100]
        assert listed(blended_client, "study_mode=part_time&page=1")[:1] == names[:1]
    statements, planned_afresh = prepared("AS merged")
    # One prepared statement for each set of filters, reused by later requests, and
    # planned once: never again for the values of one request.
    assert statements - before == 2
    assert planned_afresh == 0


@needs_postgresql
def test_a_search_is_planned_once_a_connection_whatever_it_looks_for(blended_client, interleaved):
    before, _ = prepared("search_text")
    for term, number in (("N001", "001"), ("n11", "11"), ("N002", "002"), ("trainee n1", "1")):
        found = listed(blended_client, f"q={term}")
        assert found and all(number in name for name in found)
    assert len(listed(blended_client, "q=N11")) == 10
    statements, planned_afresh = prepared("search_text")
    # One statement for a one-word search and one for two words, whatever the words.
    assert statements - before == 2
    assert planned_afresh == 0


@needs_postgresql
def test_one_provider_is_listed_in_one_part(client, alder, settings):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(member_of(alder))
    TraineeFactory(provider=alder, first_names="Ada", last_name="Alder")
    TraineeFactory(provider=alder, first_names="Pat", last_name="Part", study_mode="part_time")
    (query,) = statements(client, "study_mode=full_time")
    assert "UNION ALL" not in query
    # Each set of filters has its own compiled part, however often they alternate.
    for _ in range(2):
        assert listed(client, "study_mode=full_time") == ["Ada Alder"]
        assert listed(client, "study_mode=part_time") == ["Pat Part"]


@needs_postgresql
def test_a_partners_part_leaves_out_only_the_records_of_the_users_own_providers(
    client, alder, birch, settings
):
    settings.PROVIDER_MODEL = "blended"
    partner = PartnerFactory()
    partnership(alder, partner)
    partnership(birch, partner)
    TraineeFactory(provider=alder, first_names="Ann", last_name="Alder", training_partner=partner)
    TraineeFactory(provider=birch, first_names="Bob", last_name="Birch", training_partner=partner)
    at_alder_too = member_of(alder)
    MembershipFactory(user=at_alder_too, provider=partner, role=Role.VIEW)
    partner_only = member_of(partner, role=Role.VIEW)
    for _ in range(2):
        client.force_login(at_alder_too)
        assert sorted(listed(client, "")) == ["Ann Alder", "Bob Birch"]
        client.force_login(partner_only)
        assert sorted(listed(client, "")) == ["Ann Alder", "Bob Birch"]
        client.force_login(at_alder_too)
        # Filtered to the partner: every record linked to it, its own provider's too.
        assert shown(client, f"provider={partner.pk}")[2:] == (2, 2)
        assert shown(client, f"provider={alder.pk}")[2:] == (1, 1)


def test_a_qts_or_eyts_status_option_needs_both_the_state_and_the_kind_of_route(hat_client, alder):
    def record(name, route, state):
        first, last = name.split()
        trainee = TraineeFactory(
            provider=alder, first_names=first, last_name=last, training_route=route
        )
        registered(trainee, state=state)

    record("Eve Early", "early_years_graduate_entry", "trn_received")
    record("Ray Early", "early_years_graduate_entry", "recommended_for_award")
    record("Tom Teacher", "provider_led_postgrad", "trn_received")
    record("Quinn Teacher", "provider_led_postgrad", "recommended_for_award")
    assert listed(hat_client, "status=eyts_recommended") == ["Ray Early"]
    assert listed(hat_client, "status=qts_recommended") == ["Quinn Teacher"]
    assert sorted(listed(hat_client, "status=trn_received")) == ["Eve Early", "Tom Teacher"]


def test_each_page_reads_the_records_in_one_statement_and_counts_them_only_when_filtered(
    hat_client, alder
):
    # No records: the provider's count says so, and the database is not asked.
    assert statements(hat_client, "") == []
    TraineeFactory.create_batch(101, provider=alder)
    for query in ("", "page=2", "study_mode=full_time", "study_mode=full_time&page=2"):
        (statement,) = statements(hat_client, query)
        assert ("COUNT(" in statement) is ("study_mode" in query), query


def test_a_filtered_list_of_more_than_eighty_pages_reaches_its_last_page(hat_client, alder):
    Trainee.objects.bulk_create(
        Trainee(provider=alder, training_route="assessment_only", last_name=f"N{n}")
        for n in range(8101)
    )
    assert shown(hat_client, "route=assessment_only&page=82") == (82, 82, 1, 8101)


def test_several_start_years_list_the_records_of_each(hat_client, alder):
    for name, start in (("Ann", 2023), ("Bea", 2024), ("Cat", 2025)):
        TraineeFactory(provider=alder, first_names=name, itt_start_date=datetime.date(start, 9, 1))
    both = listed(hat_client, "start_year=2023&start_year=2025")
    assert sorted(name.split()[0] for name in both) == ["Ann", "Cat"]
