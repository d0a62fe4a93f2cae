import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_start_sign_in_and_sign_out(browser_checks, demo_data):
    page = browser_checks.page
    browser_checks.goto("/")
    expect(page).to_have_title("Register trainee teachers - GOV.UK")
    # GOV.UK Frontend's JavaScript ran (from files, not inline scripts).
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    browser_checks.assert_accessible()

    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to Register trainee teachers"
    )
    browser_checks.assert_accessible()

    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Error: Sign in - Register trainee teachers - GOV.UK")
    # The error summary takes focus so screen reader users hear it.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    browser_checks.assert_accessible()

    sign_in(browser_checks, "single@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")
    browser_checks.assert_accessible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register trainee teachers")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    browser_checks.assert_accessible()


def test_fonts_load(browser_checks, demo_data):
    page = browser_checks.page
    fonts = []
    page.on(
        "response",
        lambda response: fonts.append(response) if "/assets/fonts/" in response.url else None,
    )
    browser_checks.goto("/")
    page.wait_for_load_state("networkidle")
    assert fonts, "no GOV.UK font was requested"
    assert all(response.status == 200 for response in fonts)


def test_persona_sign_in_and_password_toggle(browser_checks, demo_data):
    page = browser_checks.page
    browser_checks.goto("/accounts/login/")
    password = page.get_by_label("Password", exact=True)
    password.fill("secret")
    page.get_by_role("button", name="Show password").click()
    expect(password).to_have_attribute("type", "text")

    page.get_by_role("link", name="sign in as a persona").click()
    browser_checks.assert_accessible()
    page.get_by_role("button", name="Sign in as Sam Single").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")


def test_error_pages_are_accessible(browser_checks, demo_data):
    browser_checks.goto("/no-such-page/")
    browser_checks.assert_accessible()
    browser_checks.goto("/accounts/password/reset/")
    browser_checks.page.get_by_role("button", name="Send reset link").click()
    expect(browser_checks.page.locator(".govuk-error-summary")).to_be_visible()
    browser_checks.assert_accessible()
