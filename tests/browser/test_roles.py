"""Roles in the browser, with axe on every page: a viewer sees no Change links (both
models), a training partner's chooser and header, and a partner that drafts, end to end."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from trainees.models import Trainee

pytestmark = pytest.mark.browser

HEADER = "Provider you are working on"


@pytest.mark.parametrize("model", ["hat", "blended"])
def test_a_viewer_sees_records_but_no_way_to_change_them(
    browser_checks, demo_data, settings, model
):
    settings.PROVIDER_MODEL = model
    page = browser_checks.page
    sign_in(browser_checks, "viewer@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")
    expect(page.get_by_role("link", name="Add a trainee")).to_have_count(0)
    if model == "hat":
        expect(page.get_by_role("region", name=HEADER)).to_contain_text("View only")
    browser_checks.assert_accessible()
    registered = Trainee.objects.filter(provider__code="1RS").exclude(state="draft").first()
    draft = Trainee.objects.filter(provider__code="1RS", state="draft").first()
    for trainee in (registered, draft):
        browser_checks.goto(trainee.get_absolute_url())
        expect(page.get_by_role("link", name="Change", exact=False)).to_have_count(0)
        expect(page.get_by_role("button", name="Defer")).to_have_count(0)
        browser_checks.assert_accessible()


def test_a_training_partner_chooses_and_wears_its_hat(browser_checks, demo_data, settings):
    settings.PROVIDER_MODEL = "hat"
    page = browser_checks.page
    sign_in(browser_checks, "partner@example.com")
    header = page.get_by_role("region", name=HEADER)
    expect(header).to_contain_text("Elmwood Primary School")
    expect(header).to_contain_text("View only")
    linked = Trainee.objects.filter(training_partner__code="EPS")
    expect(page.locator(".app-record-count")).to_contain_text(f"{linked.count()} record")
    browser_checks.assert_accessible()


def test_a_partner_that_drafts_sends_a_draft_to_be_checked(browser_checks, demo_data, settings):
    settings.PROVIDER_MODEL = "hat"
    page = browser_checks.page
    sign_in(browser_checks, "drafter@example.com")
    page.get_by_role("button", name="Add a trainee").first.click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Adding a trainee for Riverside SCITT")
    page.get_by_label("Provider-led (postgrad)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".app-partner-draft")).to_contain_text(
        "Started by Oak Hill Academy for Riverside SCITT"
    )
    browser_checks.assert_accessible()
    trainee = Trainee.objects.filter(drafting_partner__code="OHA").latest("created_at")
    from tests.factories import complete

    complete(trainee)
    page.reload()
    page.get_by_role("button", name="Check your answers").click()
    browser_checks.assert_accessible()
    page.get_by_role("button", name="Send to Riverside SCITT to check").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sent to Riverside SCITT to check"
    )
    browser_checks.assert_accessible()
    trainee.refresh_from_db()
    assert trainee.partner_review == "to_check"

    # The provider's team manager sees it to check.
    page.get_by_role("button", name="Sign out").click()
    sign_in(browser_checks, "multi@example.com")
    page.get_by_label("Riverside SCITT (1RS)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="from training partners to check").click()
    expect(page.locator("table")).to_contain_text(trainee.full_name)
    browser_checks.assert_accessible()
