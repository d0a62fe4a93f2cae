"""A team manager invites someone, who sets a password from the email and signs in; then
the manager changes their role and removes them. axe checks every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "A-first-password-2026"
MANAGER = "multi@example.com"  # manages Riverside SCITT's team in the demo data
INVITED = "new.teacher@example.com"


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_out(checks):
    checks.page.get_by_role("button", name="Sign out").click()
    expect(heading(checks.page)).to_have_text("Register trainee teachers")


def member_row(page, email):
    members = page.get_by_role("table", name=re.compile(r"^Members"))
    return members.get_by_role("row", name=re.compile(re.escape(email)))


def recent_changes(page):
    return page.get_by_role("table", name=re.compile("Recent changes"))


def open_riverside_team(checks):
    page = checks.page
    sign_in(checks, MANAGER)
    page.get_by_label("Riverside SCITT (1RS)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Team").click()
    expect(heading(page)).to_have_text("Riverside SCITT team")


def test_a_manager_invites_someone_who_then_signs_in(browser_checks, demo_data):
    checks, page = browser_checks, browser_checks.page
    open_riverside_team(checks)
    checks.assert_accessible()

    page.get_by_role("button", name="Invite someone").click()
    expect(heading(page)).to_have_text("Invite someone to the team")
    checks.assert_accessible()
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    checks.assert_accessible()

    page.get_by_label("Email address").fill(INVITED)
    page.get_by_label("Add and change records").check()
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{INVITED} has been added to the team and emailed"
    )
    expect(member_row(page, INVITED)).to_contain_text("Add and change records")
    checks.assert_accessible()
    sign_out(checks)

    [message] = [m for m in mail.outbox if m.to == [INVITED]]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body)[0]
    page.goto(link)
    expect(heading(page)).to_have_text("Create your password")
    checks.assert_accessible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create password").click()
    checks.assert_accessible()

    sign_in(checks, INVITED, NEW_PASSWORD)
    expect(heading(page)).to_have_text("Trainee records")
    expect(page.get_by_role("region", name="Provider you are working on")).to_contain_text(
        "Riverside SCITT"
    )
    # They add and change records; the team is not theirs to manage.
    expect(page.get_by_role("link", name="Team", exact=True)).to_have_count(0)
    checks.assert_accessible()
    sign_out(checks)

    open_riverside_team(checks)
    expect(recent_changes(page)).to_contain_text(f"Added {INVITED}")
    page.get_by_role("link", name=f"Change role of {INVITED}").click()
    expect(heading(page)).to_have_text(f"Change the role of {INVITED}")
    checks.assert_accessible()
    page.get_by_label("View records").check()
    page.get_by_role("button", name="Change role").click()
    expect(member_row(page, INVITED)).to_contain_text("View records")
    checks.assert_accessible()

    page.get_by_role("link", name=f"Remove {INVITED}").click()
    expect(heading(page)).to_have_text(f"Are you sure you want to remove {INVITED} from the team?")
    checks.assert_accessible()
    page.get_by_role("button", name="Remove from team").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{INVITED} removed from the team"
    )
    expect(member_row(page, INVITED)).to_have_count(0)
    expect(recent_changes(page)).to_contain_text(f"Removed {INVITED}")
    checks.assert_accessible()


def test_the_last_manager_is_told_why_they_cannot_step_down(browser_checks, demo_data):
    checks, page = browser_checks, browser_checks.page
    open_riverside_team(checks)
    page.get_by_role("link", name="Change role of Morgan Multi").click()
    page.get_by_label("View records").check()
    page.get_by_role("button", name="Change role").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Riverside SCITT must have at least one team manager")
    checks.assert_accessible()


def test_blended_model_your_organisations_leads_to_the_team(browser_checks, demo_data, settings):
    settings.PROVIDER_MODEL = "blended"
    checks, page = browser_checks, browser_checks.page
    sign_in(checks, MANAGER)
    page.get_by_role("link", name="Your organisations").click()
    expect(heading(page)).to_have_text("Your organisations")
    expect(page.get_by_role("row", name=re.compile("St Aidan"))).to_contain_text("View records")
    checks.assert_accessible()
    page.get_by_role("link", name="Manage team of Riverside SCITT").click()
    expect(heading(page)).to_have_text("Riverside SCITT team")
    checks.assert_accessible()
