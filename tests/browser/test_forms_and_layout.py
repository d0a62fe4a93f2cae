"""Conditional questions with and without JavaScript, a form sent after switching provider in
another tab, and the trainee list beside its filter panel at desktop width."""

import pytest
from playwright.sync_api import expect

from providers.models import Provider
from tests.browser.conftest import BrowserChecks, sign_in
from trainees import services
from trainees.models import Trainee

pytestmark = pytest.mark.browser


def draft_for(email, code):
    from accounts.models import User

    user = User.objects.get(email=email)
    provider = Provider.objects.get(code=code)
    return services.create_draft(
        provider=provider, training_route="provider_led_postgrad", user=user
    )


def choose_provider(page, label):
    """Choose a provider, and wait for the page that says so: the click does not wait for the
    form's answer, and a page closed or sent elsewhere before it arrives may never choose."""
    page.get_by_label(label).check()
    page.get_by_role("button", name="Continue").click()
    name = label.rsplit(" (", 1)[0]
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You are now working on {name}"
    )


def test_revealed_questions_follow_the_answer_with_javascript(browser_checks, demo_data):
    page = browser_checks.page
    trainee = draft_for("single@example.com", "1RS")
    sign_in(browser_checks, "single@example.com")
    browser_checks.goto(f"/trainees/{trainee.public_id}/diversity/")
    ethnic_group = page.get_by_role("group", name="Ethnic group")
    expect(ethnic_group).to_be_hidden()
    page.get_by_label("Yes", exact=True).check()
    expect(ethnic_group).to_be_visible()
    expect(page.get_by_label("Yes", exact=True)).to_have_attribute("aria-expanded", "true")
    browser_checks.assert_accessible()
    page.get_by_label("Asian or Asian British").check()

    # Changing the answer hides the revealed questions, and they are not sent.
    page.get_by_label("No, they have not shared it").check()
    expect(ethnic_group).to_be_hidden()
    page.get_by_label("Yes, I have completed this section").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-task-list")).to_be_visible()
    trainee.refresh_from_db()
    assert (trainee.diversity_disclosed, trainee.ethnic_group) == (False, "")


def test_without_javascript_every_question_shows_and_a_contradiction_is_an_error(
    new_context, live_server, demo_data
):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    checks = BrowserChecks(page, live_server.url)
    trainee = draft_for("single@example.com", "1RS")
    sign_in(checks, "single@example.com")
    checks.goto(f"/trainees/{trainee.public_id}/diversity/")
    expect(page.get_by_role("group", name="Ethnic group")).to_be_visible()
    page.get_by_label("No, they have not shared it").check()
    page.get_by_label("Asian or Asian British").check()
    page.get_by_label("Yes, I have completed this section").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "You selected that the trainee has not shared diversity information"
    )
    expect(page.get_by_label("Asian or Asian British")).to_be_checked()
    trainee.refresh_from_db()
    assert trainee.ethnic_group == ""
    page.get_by_label("Remove the answers about ethnicity and disability").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-task-list")).to_be_visible()
    trainee.refresh_from_db()
    assert (trainee.diversity_disclosed, trainee.ethnic_group) == (False, "")
    checks.assert_assets_loaded()
    context.close()


def test_a_form_sent_after_switching_provider_in_another_tab_keeps_the_answers(
    browser_checks, demo_data, context
):
    page = browser_checks.page
    trainee = draft_for("multi@example.com", "1RS")
    sign_in(browser_checks, "multi@example.com")
    choose_provider(page, "Riverside SCITT (1RS)")
    browser_checks.goto(f"/trainees/{trainee.public_id}/personal-details/")
    page.get_by_label("First names").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("No, I will come back to it later").check()

    other_tab = context.new_page()
    other_tab.goto(browser_checks.base_url + "/providers/choose/")
    # choose_provider waits for the page after the choice: closing a tab while a navigation
    # commits can hang page.close() for ever (Chromium acknowledges the close and drops it).
    choose_provider(other_tab, "University of Northmoor (2NM)")
    other_tab.close()

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You changed provider while this form was open"
    )
    expect(page.locator("#main-content")).to_contain_text("Nothing has been saved")
    browser_checks.assert_accessible()
    trainee.refresh_from_db()
    assert trainee.first_names == ""

    page.get_by_role("button", name="Switch to Riverside SCITT and save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You are now working on Riverside SCITT"
    )
    trainee.refresh_from_db()
    assert (trainee.first_names, trainee.last_name) == ("Grace", "Hopper")


def test_the_blended_list_fits_beside_its_filters_at_1280_pixels(
    browser_checks, demo_data, settings
):
    settings.PROVIDER_MODEL = "blended"
    page = browser_checks.page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(browser_checks, "multi@example.com")
    expect(page.locator(".moj-filter")).to_be_visible()
    table = page.locator(".app-trainee-table")
    expect(table).to_be_visible()
    overflow = page.evaluate(
        """() => {
          const table = document.querySelector('.app-trainee-table');
          const content = document.querySelector('.moj-filter-layout__content');
          const last = table.querySelector('thead th:last-child').getBoundingClientRect();
          return {
            table: table.scrollWidth - content.clientWidth,
            lastColumnRight: last.right,
            contentRight: content.getBoundingClientRect().right,
          };
        }"""
    )
    assert overflow["table"] <= 0, overflow
    assert overflow["lastColumnRight"] <= overflow["contentRight"] + 1, overflow
    expect(page.locator("thead th").last).to_have_text("Status and last update")
    assert Trainee.objects.exists()
    browser_checks.assert_accessible()
