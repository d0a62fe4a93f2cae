import re

import pytest
from playwright.sync_api import expect

from providers.models import Provider
from tests.browser.conftest import sign_in
from trainees.models import Trainee

pytestmark = pytest.mark.browser

REGION = "Provider you are working on"


def shown_count(page) -> int:
    text = page.locator(".app-record-count").inner_text()
    return int(re.match(r"([\d,]+) record", text).group(1).replace(",", ""))


def choose(page, label):
    page.get_by_label(label).check()
    page.get_by_role("button", name="Continue").click()


def test_hat_model_shows_only_the_chosen_providers_records(browser_checks, demo_data):
    page = browser_checks.page
    sign_in(browser_checks, "multi@example.com")
    choose(page, "Riverside SCITT (1RS)")
    riverside = Provider.objects.get(code="1RS")
    expect(page.get_by_role("region", name=REGION)).to_contain_text("Riverside SCITT")
    assert shown_count(page) == Trainee.objects.filter(provider=riverside).count()
    browser_checks.assert_accessible()

    page.get_by_role("region", name=REGION).get_by_role("link", name="Change provider").click()
    choose(page, "University of Northmoor (2NM)")
    northmoor = Provider.objects.get(code="2NM")
    expect(page.get_by_role("region", name=REGION)).to_contain_text("University of Northmoor")
    assert shown_count(page) == Trainee.objects.filter(provider=northmoor).count()
    names = set(page.locator("table .govuk-link").all_inner_texts())
    riverside_only = set(
        Trainee.objects.filter(provider=riverside).values_list("last_name", flat=True)
    ) - set(Trainee.objects.filter(provider=northmoor).values_list("last_name", flat=True))
    assert not any(name.split()[-1] in riverside_only for name in names)


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def complete_section(page):
    page.get_by_label("Yes, I have completed this section").check()
    page.get_by_role("button", name="Continue").click()


def test_blended_model_filter_add_and_register(browser_checks, demo_data, settings):
    settings.PROVIDER_MODEL = "blended"
    page = browser_checks.page
    sign_in(browser_checks, "multi@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trainee records")
    expect(page.get_by_role("region", name=REGION)).to_have_count(0)
    multi_scope = Trainee.objects.filter(provider__code__in=["1RS", "2NM", "3PL", "4KB", "5SA"])
    assert shown_count(page) == multi_scope.count()
    browser_checks.assert_accessible()

    pennine = Provider.objects.get(code="3PL")
    page.get_by_label(re.compile(r"^Pennine Lakes Teacher Training \(\d+\)$")).check()
    page.get_by_role("button", name="Apply filters").click()
    assert shown_count(page) == Trainee.objects.filter(provider=pennine).count()
    expect(page.locator(".moj-filter__tag")).to_contain_text("Pennine Lakes Teacher Training")
    browser_checks.assert_accessible()

    # Add a trainee: the provider question comes first.
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("button", name="Add a trainee").first.click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select which provider this trainee is for"
    )
    browser_checks.assert_accessible()
    choose(page, "Pennine Lakes Teacher Training (3PL)")
    expect(page.locator(".govuk-caption-l")).to_have_text(
        "Adding a trainee for Pennine Lakes Teacher Training"
    )
    choose(page, "Provider-led (postgrad)")
    expect(page.locator(".govuk-task-list")).to_be_visible()
    browser_checks.assert_accessible()

    page.get_by_role("link", name="Personal details").click()
    complete_section(page)  # nothing entered: every answer is asked for
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter first names")
    expect(page).to_have_title(re.compile("^Error: Personal details"))
    browser_checks.assert_accessible()
    page.get_by_label("First names").fill("Grace")
    page.get_by_label("Last name").fill("Hopperton")
    fill_date(page, "Date of birth", "9", "12", "1996")
    page.get_by_label("Female").check()
    page.get_by_label("Nationality").select_option("British")
    complete_section(page)

    page.get_by_role("link", name="Contact details").click()
    page.get_by_label("Email address").fill("grace.hopperton@example.com")
    complete_section(page)

    page.get_by_role("link", name="Diversity information").click()
    page.get_by_label("No, they have not shared it").check()
    complete_section(page)

    page.get_by_role("link", name="Degree").click()
    page.get_by_role("button", name="Add a degree").click()
    page.get_by_label("UK degree", exact=True).check()
    page.get_by_label("Degree subject").fill("Computer science")
    page.get_by_label("Awarding institution").fill("University of York")
    page.get_by_label("First-class honours").check()
    page.get_by_label("Graduation year").fill("2018")
    browser_checks.assert_accessible()
    page.get_by_role("button", name="Save degree").click()
    complete_section(page)

    page.get_by_role("link", name="Course details").click()
    page.get_by_label("Subject", exact=True).select_option("Computing")
    page.get_by_label("11 to 16").check()
    page.get_by_label("Secondary").check()
    page.get_by_label("Full time", exact=True).check()
    fill_date(page, "ITT start date", "1", "9", "2026")
    fill_date(page, "ITT end date", "31", "7", "2027")
    browser_checks.assert_accessible()
    complete_section(page)

    page.get_by_role("link", name="Trainee ID").click()
    page.get_by_label("Trainee ID").fill("3PL-NEW-1")
    complete_section(page)

    page.get_by_role("link", name="Funding").click()
    page.get_by_label("Bursary").check()
    complete_section(page)

    expect(page.locator(".govuk-task-list")).not_to_contain_text("Not started")
    browser_checks.assert_accessible()
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    browser_checks.assert_accessible()
    page.get_by_role("button", name="Register trainee and request TRN").click()

    trainee = Trainee.objects.get(trainee_id="3PL-NEW-1")
    assert trainee.provider == pennine
    assert trainee.state == "trn_received"
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Trainee registered")
    expect(panel).to_contain_text("Grace Hopperton's TRN is")
    expect(panel.locator("strong")).to_have_text(trainee.trn)
    expect(page.locator("#main-content")).to_contain_text("for Pennine Lakes Teacher Training")
    browser_checks.assert_accessible()
    page.get_by_role("link", name="View Grace Hopperton's record").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(trainee.trn)
    expect(page.locator(".govuk-caption-l")).to_have_text("Pennine Lakes Teacher Training")
