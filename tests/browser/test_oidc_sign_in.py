"""Signing in through DfE Sign-in in Chromium, against a real OpenID provider (the npm
package oidc-provider, tests/oidc/provider.mjs): its own login page, back to the service,
the chooser or the hat from the organisation claim, and signing out at both ends. axe
checks every page of the service on the way."""

import pytest
from playwright.sync_api import expect

from providers.models import Role
from tests.browser.conftest import sign_in_at_provider
from tests.factories import ProviderFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def providers(transactional_db):
    alder = ProviderFactory(name="Alder SCITT", code="1AL", ukprn="10000001")
    birch = ProviderFactory(name="Birch University", code="2BI", ukprn="10000002")
    return alder, birch


def heading(page):
    return page.get_by_role("heading", level=1)


def test_sign_in_choose_a_provider_and_sign_out_at_both_ends(
    dfe_sign_in_checks, providers, settings
):
    settings.PROVIDER_MODEL = "hat"
    member_of(*providers, email="single@example.com", role=Role.EDIT)
    checks, page = dfe_sign_in_checks, dfe_sign_in_checks.page

    checks.goto("/")
    page.get_by_role("button", name="Start now").click()
    expect(heading(page)).to_have_text("Sign in to Register trainee teachers")
    expect(page.get_by_label("Password")).to_have_count(0)
    checks.assert_accessible()

    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    sign_in_at_provider(checks, "sub-single")

    expect(heading(page)).to_have_text("Which provider are you working on?")
    checks.assert_accessible()
    page.get_by_label("Alder SCITT").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Trainee records")
    expect(page.locator(".govuk-header, .app-provider-header").first).to_be_visible()
    checks.assert_accessible()

    page.get_by_role("button", name="Sign out").click()
    # The identity provider's own page asks to confirm, then sends the user back.
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(heading(page)).to_have_text("You have signed out")
    assert page.url == checks.base_url + "/accounts/signed-out/"
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    checks.assert_accessible()

    # Signed out there too: signing in again asks for the account once more.
    page.get_by_role("link", name="Sign in again").click()
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    expect(heading(page)).to_have_text("Sign-in")


def test_the_organisation_chosen_at_dfe_sign_in_is_worn_at_once(
    dfe_sign_in_checks, providers, settings
):
    settings.PROVIDER_MODEL = "hat"
    member_of(*providers, email="multi@example.com")
    checks, page = dfe_sign_in_checks, dfe_sign_in_checks.page

    checks.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    sign_in_at_provider(checks, "sub-multi")  # organisation: Birch University's UKPRN

    expect(heading(page)).to_have_text("Trainee records")
    expect(page.get_by_text("Birch University").first).to_be_visible()
    expect(page.get_by_role("link", name="Change provider")).to_be_visible()
    checks.assert_accessible()


def test_someone_without_an_account_asks_for_access(dfe_sign_in_checks, providers):
    checks, page = dfe_sign_in_checks, dfe_sign_in_checks.page

    checks.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    sign_in_at_provider(checks, "sub-stranger")

    expect(heading(page)).to_have_text("You do not have access to Register trainee teachers yet")
    expect(page.get_by_label("Full name")).to_have_value("Stella Ranger")
    expect(page.get_by_label("Email address")).to_have_value("stranger@example.com")
    checks.assert_accessible()

    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    checks.assert_accessible()

    page.get_by_label("Organisation").fill("Cedar Teaching School Hub")
    page.get_by_label("Why do you need access?").fill("I register our trainees.")
    page.get_by_role("button", name="Send request").click()
    expect(heading(page)).to_have_text("Request sent")
    checks.assert_accessible()


def test_cancelling_at_dfe_sign_in_gives_a_way_back(dfe_sign_in_checks, providers):
    checks, page = dfe_sign_in_checks, dfe_sign_in_checks.page

    checks.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    expect(heading(page)).to_have_text("Sign-in")
    page.get_by_role("link", name="[ Cancel ]").click()

    expect(heading(page)).to_have_text("You have not signed in")
    checks.assert_accessible()
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(heading(page)).to_have_text("Sign in to Register trainee teachers")
