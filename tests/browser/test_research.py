"""The feedback page and the research dashboard, in a real browser: a user of a split
deployment gives feedback from the phase banner; support staff read the dashboard, its
charts and tables, and its date errors. axe checks every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from research.models import UsageEvent
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

USER = "multi@example.com"
STAFF = "admin@example.com"


@pytest.fixture
def split(settings):
    settings.PROVIDER_MODEL = "split"
    settings.RESEARCH_EVENTS = True


def test_feedback_from_the_phase_banner(browser_checks, demo_data, split):
    checks, page = browser_checks, browser_checks.page
    sign_in(checks, USER)
    page.locator(".govuk-phase-banner").get_by_role("link", name="give your feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How easy was it to work across your providers today?"
    )
    checks.assert_accessible()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    checks.assert_accessible()
    page.get_by_label("Difficult", exact=True).check()
    page.get_by_label("Tell us more (optional)").fill("Switching provider takes too long")
    expect(page.locator(".govuk-character-count__status")).to_contain_text("characters remaining")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    checks.assert_accessible()


def test_the_research_dashboard(browser_checks, demo_data, split):
    checks, page = browser_checks, browser_checks.page
    now = timezone.now()
    UsageEvent.objects.bulk_create(
        UsageEvent(
            kind="list_viewed",
            model="blended" if i % 2 else "hat",
            user_key=f"u{i % 7}",
            session_key=f"s{i % 25}",
            occurred_at=now - datetime.timedelta(hours=i),
            detail={"filtered_by_provider": i % 3 == 0},
        )
        for i in range(60)
    )
    sign_in(checks, STAFF)
    page.get_by_role("link", name="Research").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hat and blended models compared")
    expect(page.get_by_role("img", name="Share of list views filtered by provider")).to_be_visible()
    expect(
        page.get_by_role("table", name="Share of list views filtered by provider, by model")
    ).to_contain_text("Not applicable")
    checks.assert_accessible()
    page.get_by_label("Day").first.fill("31")
    page.get_by_label("Month").first.fill("2")
    page.get_by_role("button", name="Show figures for these dates").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The start date must be a real date"
    )
    checks.assert_accessible()
