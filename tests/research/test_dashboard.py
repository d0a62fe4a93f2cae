"""The research dashboard's figures, from a fixed set of synthetic events whose numbers
are worked out by hand below; its "too few" rule, its intervals, its CSV of aggregates,
and who may see it."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from research import figures as research_figures
from research.charts import chart_of
from research.forms import DateRangeForm
from research.models import Feedback, Group, UsageEvent
from research.statistics import poisson_bounds, quantile, wilson
from tests.factories import ProviderFactory, member_of

pytestmark = pytest.mark.django_db

DASHBOARD = "/support/research/"
UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")
BASE = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
NOVEMBER = "start_day=1&start_month=11&start_year=2026&end_day=30&end_month=11&end_year=2026"


def event(kind, model, session, user, at=BASE, record="", **detail):
    return UsageEvent(
        kind=kind,
        model=model,
        session_key=session,
        user_key=user,
        occurred_at=at,
        record_key=record,
        detail=detail,
    )


@pytest.fixture
def synthetic():
    """Hat: 10 users, 20 sessions (hs0..hs19), 20 registrations taking 1..20 hours, the
    first 5 over two sessions; 12 switches (one in each of hs0..hs9, two in hs10) and a
    first choice that is not a switch; 3 records moved, 4 refused forms, 2 "other
    provider" pages, 10 list views; 20 feedback answers, ten 5s and ten 3s.
    Blended: 3 users, 5 sessions, 3 registrations (2 and 4 hours, and one whose start is
    not known), 40 list views of which 10 filtered by provider, 4 feedback answers. Plus events outside November."""
    rows = []
    for i in range(1, 21):
        session, user, record = f"hs{i - 1}", f"hu{(i - 1) // 2}", f"hr{i}"
        rows.append(event("draft_started", "hat", session, user, BASE, record))
        registered_in = f"hs{i + 9}" if i <= 5 else session
        at = BASE + datetime.timedelta(hours=i)
        rows.append(event("registered", "hat", registered_in, user, at, record))
    for i in range(10):
        rows.append(
            event("provider_chosen", "hat", f"hs{i}", "hu0", from_provider=1, to_provider=2)
        )
    rows += [
        event("provider_chosen", "hat", "hs10", "hu5", from_provider=2, to_provider=1)
        for _ in range(2)
    ]
    rows.append(event("provider_chosen", "hat", "hs12", "hu6", from_provider=None, to_provider=1))
    rows += [event("record_moved", "hat", "hs0", "hu0") for _ in range(3)]
    rows += [event("stale_form_refused", "hat", "hs1", "hu0") for _ in range(4)]
    rows += [event("other_provider_page", "hat", "hs2", "hu1") for _ in range(2)]
    rows += [
        event("list_viewed", "hat", "hs3", "hu1", filtered_by_provider=False) for _ in range(10)
    ]
    for i, hours in ((1, 2), (2, 4)):
        rows.append(event("draft_started", "blended", "bs0", "bu0", BASE, f"br{i}"))
        at = BASE + datetime.timedelta(hours=hours)
        rows.append(event("registered", "blended", "bs0", "bu0", at, f"br{i}"))
    # A registration whose start is not known (started before the events were kept):
    # counted as a registration, left out of the times.
    rows.append(event("registered", "blended", "bs1", "bu1", BASE, "br3"))
    for i in range(40):
        rows.append(
            event(
                "list_viewed",
                "blended",
                f"bs{i % 5}",
                f"bu{i % 3}",
                filtered_by_provider=i < 10,
            )
        )
    # Outside the range: not counted.
    december = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    rows.append(event("registered", "hat", "hs99", "hu99", december, "hr99"))
    rows.append(event("list_viewed", "blended", "bs99", "bu99", BASE.replace(month=10)))
    UsageEvent.objects.bulk_create(rows)
    answers = [("hat", 5)] * 10 + [("hat", 3)] * 10 + [("blended", 4)] * 3
    Feedback.objects.bulk_create(
        Feedback(score=score, model=model, user_key="k", created_at=BASE, comment="")
        for model, score in answers
    )
    Feedback.objects.create(
        score=2, model="blended", user_key="k", created_at=BASE, comment="Too many clicks <b>"
    )


@pytest.fixture
def staff_client(client):
    client.force_login(member_of(ProviderFactory(), is_staff=True))
    return client


def figures_page(client, query=NOVEMBER):
    """The figures the page shows (read through the function it calls), once the page has
    drawn them."""
    assert client.get(f"{DASHBOARD}?{query}").status_code == 200
    start = datetime.datetime(2026, 11, 1, tzinfo=LONDON)
    end = datetime.datetime(2026, 12, 1, tzinfo=LONDON)
    totals, figures = research_figures.figures(start, end)
    return {
        "totals": [(Group(group).label, totals[group]) for group in research_figures.GROUPS],
        "charts": [chart_of(figure) for figure in figures],
    }


def estimates(context, key):
    (chart,) = [chart for chart in context["charts"] if chart.key == key]
    return chart.figure.estimates, chart


def test_totals(staff_client, synthetic):
    totals = dict(figures_page(staff_client)["totals"])
    assert (totals["Hat model"].users, totals["Hat model"].sessions) == (10, 20)
    assert totals["Hat model"].registrations == 20
    assert (totals["Blended model"].users, totals["Blended model"].sessions) == (3, 5)
    assert totals["Blended model"].registrations == 3


def test_time_to_registration_median_and_90th_percentile(staff_client, synthetic):
    context = figures_page(staff_client)
    median, chart = estimates(context, "time_to_register_median")
    # 1..20 hours: the median is between the 10th and 11th, 10.5. For n = 20 the 95%
    # interval is between the 6th and 15th values (P(B <= 5) = 0.021, P(B <= 14) = 0.979
    # for B ~ Binomial(20, 0.5)): 6 to 15 hours.
    assert (median["hat"].value, median["hat"].lower, median["hat"].upper) == (10.5, 6, 15)
    assert median["hat"].n == 20 and not median["hat"].too_few
    # Blended: 2 registrations, too few to compare.
    assert median["blended"].n == 2 and median["blended"].too_few
    assert median["blended"].value == 3.0
    assert not chart.figure.comparable
    # A group with a value but too few to compare gets a line of text, not a bar.
    assert [(row.drawn, bar["drawn"]) for row, bar in zip(chart.rows, chart.bars, strict=True)] == [
        (True, True),
        (False, False),
    ]
    assert chart.bars[1]["text"] == "Too few to compare (n = 2)"

    p90, _ = estimates(context, "time_to_register_p90")
    # Position 19 x 0.9 = 17.1: 18 + 0.1 x (19 - 18) = 18.1 hours. Lower end: the 15th value
    # (P(B <= 14) = 0.011, P(B <= 15) = 0.043 for Binomial(20, 0.9)); no upper end: 20 is
    # too few for P(B >= u) <= 2.5%.
    assert p90["hat"].value == pytest.approx(18.1)
    assert (p90["hat"].lower, p90["hat"].upper) == (15, None)

    sessions, _ = estimates(context, "sessions_to_register")
    # 15 registrations in one session, 5 over two: the median and its interval are 1.
    assert (sessions["hat"].value, sessions["hat"].lower, sessions["hat"].upper) == (1, 1, 1)


def test_switches_per_session_and_per_registration(staff_client, synthetic):
    context = figures_page(staff_client)
    per_session, _ = estimates(context, "switches_per_session")
    # 12 switches over 20 sessions (ten with 1, one with 2, nine with 0): mean 0.6;
    # variance (10 x 1 + 4 - 20 x 0.36) / 19 = 0.35789, standard error 0.13377,
    # interval 0.6 plus or minus 0.26219.
    hat = per_session["hat"]
    assert hat.value == pytest.approx(0.6)
    assert hat.lower == pytest.approx(0.33781, abs=1e-4)
    assert hat.upper == pytest.approx(0.86219, abs=1e-4)
    assert hat.n == 20
    assert per_session["blended"].value == 0 and per_session["blended"].too_few

    per_registration, _ = estimates(context, "switches_per_registration")
    # 12 over 20 registrations; exact Poisson interval for 12 is 6.2006 to 20.9617.
    hat = per_registration["hat"]
    assert (hat.value, hat.count, hat.n) == (pytest.approx(0.6), 12, 20)
    assert hat.lower == pytest.approx(6.2006 / 20, abs=1e-4)
    assert hat.upper == pytest.approx(20.9617 / 20, abs=1e-4)


def test_moves_refusals_and_other_provider_pages(staff_client, synthetic):
    context = figures_page(staff_client)
    moves, _ = estimates(context, "moves_per_100_registrations")
    # 3 moves in 20 registrations: 15 per 100; Poisson 0.6187 to 8.7673, times 5.
    assert moves["hat"].value == pytest.approx(15)
    assert moves["hat"].lower == pytest.approx(3.0935, abs=1e-3)
    assert moves["hat"].upper == pytest.approx(43.8365, abs=1e-3)
    refusals, _ = estimates(context, "refusals_per_100_sessions")
    # 4 in 20 sessions: 20 per 100; Poisson 1.0899 to 10.2416, times 5.
    assert refusals["hat"].value == pytest.approx(20)
    assert refusals["hat"].lower == pytest.approx(5.4495, abs=1e-3)
    assert refusals["hat"].upper == pytest.approx(51.208, abs=1e-3)
    other, _ = estimates(context, "other_provider_pages_per_100_sessions")
    # 2 in 20 sessions: 10 per 100; Poisson 0.2422 to 7.2247, times 5.
    assert other["hat"].value == pytest.approx(10)
    assert other["hat"].lower == pytest.approx(1.211, abs=1e-3)
    assert other["hat"].upper == pytest.approx(36.1235, abs=1e-3)


def test_share_of_blended_list_views_filtered_by_provider(staff_client, synthetic):
    share, chart = estimates(figures_page(staff_client), "list_views_filtered_by_provider")
    # 10 of 40: 25%, Wilson interval 14.19% to 40.19%.
    blended = share["blended"]
    assert (blended.value, blended.count, blended.n) == (0.25, 10, 40)
    assert blended.lower == pytest.approx(0.14187, abs=1e-4)
    assert blended.upper == pytest.approx(0.40194, abs=1e-4)
    assert chart.figure.applies_to == ("blended",)
    assert chart.figure.comparable  # hat has no provider filter: only blended counts
    assert [row.value for row in chart.rows] == ["Not applicable", "25.0%"]


def test_feedback_scores(staff_client, synthetic):
    context = figures_page(staff_client)
    scores, _ = estimates(context, "feedback_score")
    # Ten 5s and ten 3s: mean 4; variance (340 - 20 x 16) / 19 = 1.05263, standard error
    # 0.22942, interval 4 plus or minus 0.44966.
    assert scores["hat"].value == 4
    assert scores["hat"].lower == pytest.approx(3.55034, abs=1e-4)
    assert scores["hat"].upper == pytest.approx(4.44966, abs=1e-4)
    # Blended: three 4s and a 2: 4 answers, too few.
    assert scores["blended"].n == 4 and scores["blended"].too_few


def test_the_page_shows_every_figure_with_its_sample_and_too_few(staff_client, synthetic):
    html = staff_client.get(f"{DASHBOARD}?{NOVEMBER}").content.decode()
    assert '<h1 class="govuk-heading-l">Hat and blended models compared</h1>' in html
    assert "10.5 hours" in html and "6.0 hours to 15.0 hours" in html
    assert "Too few to compare" in html
    assert html.count('<svg class="app-chart" role="img"') == 10
    assert (
        '<desc id="chart-time_to_register_median-desc">Hat model: 10.5 hours (95% interval 6.0 hours to 15.0 hours), 20 registrations. Blended model: too few to compare, 2 registrations.</desc>'
        in html
    )
    # Comments are shown, escaped.
    assert "Too many clicks &lt;b&gt;" in html


def test_the_too_few_rule_is_20_in_a_group():
    assert not quantile(range(20), 0.5).too_few
    assert quantile(range(19), 0.5).too_few
    assert wilson(5, 19).too_few and not wilson(5, 20).too_few


def test_the_interval_methods_agree_with_published_values():
    # Garwood's exact Poisson limits for 0 and 10 (e.g. Ulm 1990's table).
    assert poisson_bounds(0) == (0.0, pytest.approx(3.6889, abs=1e-4))
    assert poisson_bounds(10) == (pytest.approx(4.7954, abs=1e-4), pytest.approx(18.3904, abs=1e-4))
    # Wilson's interval for 0 of 10.
    zero = wilson(0, 10)
    assert (zero.lower, zero.upper) == (0.0, pytest.approx(0.27753, abs=1e-4))


def test_the_default_range_is_the_last_30_days(staff_client, settings):
    from django.utils import timezone

    today = timezone.localdate()
    start = today - datetime.timedelta(days=29)
    html = staff_client.get(DASHBOARD).content.decode()
    assert f'name="start_day" type="text" inputmode="numeric" value="{start.day}"' in html
    assert f'name="end_year" type="text" inputmode="numeric" value="{today.year}"' in html


def test_bad_dates_give_gov_uk_errors(staff_client):
    response = staff_client.get(
        f"{DASHBOARD}?start_day=31&start_month=2&start_year=2026&end_day=1&end_month=1&end_year=20"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The start date must be a real date" in html
    assert "Year must include 4 numbers" in html
    backwards = staff_client.get(
        f"{DASHBOARD}?start_day=2&start_month=11&start_year=2026&end_day=1&end_month=11&end_year=2026"
    )
    assert backwards.status_code == 400
    assert "The end date must be the same as or after the start date" in backwards.content.decode()


def test_the_date_range_form_is_the_one_home_of_its_defaults_and_validity():
    today = datetime.date(2026, 11, 30)
    unasked = DateRangeForm({"sort": "x"}, today=today)
    assert unasked.asks_for_a_valid_range() and not unasked.is_bound
    assert unasked.dates() == (datetime.date(2026, 11, 1), today)
    # A date left out is the default's.
    start_only = DateRangeForm(
        {"start_day": "3", "start_month": "11", "start_year": "2026"}, today=today
    )
    assert start_only.asks_for_a_valid_range()
    assert start_only.dates() == (datetime.date(2026, 11, 3), today)
    # Dates that make no range: not valid, and the page falls back to the default's.
    backwards = DateRangeForm(
        {"start_day": "2", "start_month": "12", "start_year": "2026"}, today=today
    )
    assert not backwards.asks_for_a_valid_range()
    assert backwards.dates() == (datetime.date(2026, 11, 1), today)


def test_the_csv_of_dates_that_make_no_range_is_the_dashboard_again(staff_client):
    response = staff_client.get(
        f"{DASHBOARD}figures.csv?start_day=40&start_month=1&start_year=2026"
    )
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_csv_holds_the_aggregates_never_an_event_or_comment(staff_client, synthetic):
    response = staff_client.get(f"{DASHBOARD}figures.csv?{NOVEMBER}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "research-2026-11-01-to-2026-11-30.csv" in response["Content-Disposition"]
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    by_key = {(row["figure"], row["group"]): row for row in rows}
    assert by_key["sessions", "hat"]["value"] == "20"
    median = by_key["time_to_register_median", "hat"]
    assert (median["value"], median["lower_95"], median["upper_95"]) == (
        "10.5000",
        "6.0000",
        "15.0000",
    )
    assert by_key["time_to_register_median", "blended"]["too_few"] == "yes"
    assert ("list_views_filtered_by_provider", "hat") not in by_key
    assert "Too many clicks" not in text and "hs1" not in text and "hu0" not in text
    assert len(rows) == 6 + 10 * 2 - 1


@pytest.mark.parametrize("url", [DASHBOARD, f"{DASHBOARD}figures.csv"])
def test_staff_only(client, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(member_of(ProviderFactory()))
    assert client.get(url).status_code == 403
    client.force_login(member_of(ProviderFactory(), ProviderFactory(), is_staff=True))
    assert client.get(url).status_code == 200  # no hat needed


def test_the_dashboard_costs_a_fixed_number_of_queries(
    staff_client, synthetic, django_assert_max_num_queries
):
    staff_client.get(DASHBOARD)
    with django_assert_max_num_queries(12):
        staff_client.get(f"{DASHBOARD}?{NOVEMBER}")
    with CaptureQueriesContext(connection) as before:
        staff_client.get(f"{DASHBOARD}?{NOVEMBER}")
    # As many events again, in new sessions, for new records and users, with comments.
    more = []
    for i in range(30):
        session, user, record = f"ms{i}", f"mu{i}", f"mr{i}"
        model = ("hat", "blended")[i % 2]
        more.append(event("draft_started", model, session, user, BASE, record))
        more.append(event("registered", model, session, user, BASE.replace(hour=12), record))
        more.append(event("provider_chosen", model, session, user, from_provider=1, to_provider=2))
        more.append(event("list_viewed", model, session, user, filtered_by_provider=i % 3 == 0))
    UsageEvent.objects.bulk_create(more)
    Feedback.objects.bulk_create(
        Feedback(score=4, model="hat", user_key=f"m{i}", created_at=BASE, comment=f"Note {i}")
        for i in range(10)
    )
    with CaptureQueriesContext(connection) as after:
        response = staff_client.get(f"{DASHBOARD}?{NOVEMBER}")
    assert "Note 9" in response.content.decode()
    assert len(after) == len(before)
