import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PROVIDER_REGION = "Provider you are working on"


def test_hat_model_choose_and_change_provider(browser_checks, demo_data):
    page = browser_checks.page
    sign_in(browser_checks, "multi@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which provider are you working on?")
    browser_checks.assert_accessible()

    page.get_by_label("Riverside SCITT (1RS)").check()
    page.get_by_role("button", name="Continue").click()
    region = page.get_by_role("region", name=PROVIDER_REGION)
    expect(region).to_contain_text("Riverside SCITT")
    browser_checks.assert_accessible()

    change = region.get_by_role("link", name="Change provider")
    change.focus()
    expect(change).to_be_focused()  # keyboard reachable
    page.keyboard.press("Enter")
    expect(page.get_by_label("Riverside SCITT (1RS)")).to_be_checked()
    page.get_by_label("University of Northmoor (2NM)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("region", name=PROVIDER_REGION)).to_contain_text(
        "University of Northmoor"
    )


def test_chooser_error_is_accessible(browser_checks, demo_data):
    page = browser_checks.page
    sign_in(browser_checks, "multi@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a provider")
    browser_checks.assert_accessible()


def test_provider_header_at_mobile_width(browser_checks, demo_data):
    page = browser_checks.page
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(browser_checks, "multi@example.com")
    page.get_by_label("Riverside SCITT (1RS)").check()
    page.get_by_role("button", name="Continue").click()
    link = page.get_by_role("region", name=PROVIDER_REGION).get_by_role(
        "link", name="Change provider"
    )
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    browser_checks.assert_accessible()


def test_blended_model_has_no_chooser_and_no_hat(browser_checks, demo_data, settings):
    settings.PROVIDER_MODEL = "blended"
    page = browser_checks.page
    sign_in(browser_checks, "multi@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")
    expect(page.get_by_role("region", name=PROVIDER_REGION)).to_have_count(0)
    browser_checks.assert_accessible()


def test_single_provider_user_has_no_chooser_and_no_link(browser_checks, demo_data):
    page = browser_checks.page
    sign_in(browser_checks, "single@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")
    region = page.get_by_role("region", name=PROVIDER_REGION)
    expect(region).to_contain_text("Riverside SCITT")
    expect(region.get_by_role("link")).to_have_count(0)
    browser_checks.assert_accessible()


def test_user_without_provider_sees_the_not_linked_page(browser_checks, demo_data):
    page = browser_checks.page
    sign_in(browser_checks, "none@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not linked to a provider yet"
    )
    browser_checks.assert_accessible()


def test_scenario_page(browser_checks, demo_data):
    page = browser_checks.page
    sign_in(browser_checks, "admin@example.com")
    # Staff without a provider are pointed to where they can link themselves.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are not linked to a provider yet"
    )
    browser_checks.assert_accessible()
    page.locator("#main-content").get_by_role("link", name="Scenario settings").click()
    browser_checks.assert_accessible()
    page.get_by_role("button", name="5 providers, mixed roles").click()
    expect(page.get_by_text("belong to 5 organisations")).to_be_visible()
    expect(page.get_by_label("Fenland Primary Teacher Training")).to_have_value("manage")
    page.get_by_label("Blended model: see all your providers' records together").check()
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_role("link", name="Trainee records").click()
    expect(page.get_by_role("region", name=PROVIDER_REGION)).to_have_count(0)
    browser_checks.assert_accessible()
