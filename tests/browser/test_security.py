import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def csp_violations(messages):
    return [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_no_csp_violations_and_govuk_javascript_works(browser_checks, demo_data, settings):
    settings.PROVIDER_MODEL = "blended"
    page = browser_checks.page
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    browser_checks.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    # GOV.UK Frontend's JavaScript moved focus to the error summary.
    expect(page.locator(".govuk-error-summary")).to_be_focused()

    sign_in(browser_checks, "multi@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")
    for path in ("/trainees/?status=draft", "/trainees/new/", "/cookies/"):
        browser_checks.goto(path)

    # At mobile width MOJ Frontend's filter toggle hides and shows the filter panel.
    page.set_viewport_size({"width": 375, "height": 800})
    browser_checks.goto("/trainees/")
    toggle = page.get_by_role("button", name="Show filter")
    expect(toggle).to_be_visible()
    expect(page.locator(".moj-filter")).to_be_hidden()
    toggle.click()
    expect(page.locator(".moj-filter")).to_be_visible()
    expect(page.get_by_role("button", name="Hide filter")).to_have_attribute(
        "aria-expanded", "true"
    )
    browser_checks.assert_accessible()

    assert csp_violations(messages) == [], messages
    assert browser_checks.console_errors == []


def test_admin_works_under_the_content_security_policy(browser_checks, demo_data):
    page = browser_checks.page
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    sign_in(browser_checks, "admin@example.com")
    browser_checks.goto("/admin/")
    expect(page.get_by_role("link", name="Providers").first).to_be_visible()
    browser_checks.goto("/admin/accounts/user/")
    page.get_by_role("link", name="multi@example.com").click()
    expect(page.get_by_text("Providers this user works for")).to_be_visible()
    assert csp_violations(messages) == [], messages
