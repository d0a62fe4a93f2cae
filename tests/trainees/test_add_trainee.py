import re
import threading

import pytest
from django.db import connection

from tests.factories import TraineeFactory, complete, member_of
from tests.forms import hidden_fields, submit
from tests.trainees.conftest import wear
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def post_route(client, provider, route="provider_led_postgrad", **extra):
    data = {"form_provider": provider.pk, "provider": provider.pk, "training_route": route}
    data.update(extra)
    return client.post("/trainees/new/route/", data)


def test_hat_model_does_not_ask_for_the_provider(hat_client, alder):
    response = hat_client.get("/trainees/new/")
    assert response["Location"] == "/trainees/new/route/"
    html = hat_client.get("/trainees/new/route/").content.decode()
    assert "Adding a trainee for Alder SCITT" in html
    created = post_route(hat_client, alder)
    trainee = Trainee.objects.get()
    assert created["Location"] == trainee.get_absolute_url()
    assert trainee.provider == alder
    assert trainee.state == "draft"


def test_hat_model_ignores_a_provider_in_the_form(hat_client, alder, birch):
    hat_client.post(
        "/trainees/new/route/",
        {
            "form_provider": alder.pk,
            "provider": birch.pk,
            "training_route": "assessment_only",
        },
    )
    assert Trainee.objects.get().provider == alder


def test_blended_model_asks_which_provider_first(blended_client, alder, birch):
    page = blended_client.get("/trainees/new/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Which provider is this trainee for?" in html
    assert " checked" not in html  # no default
    missing = blended_client.post("/trainees/new/", {})
    assert "Select which provider this trainee is for" in missing.content.decode()
    chosen = blended_client.post("/trainees/new/", {"provider": birch.pk})
    assert chosen["Location"] == f"/trainees/new/route/?provider={birch.pk}"
    route_page = blended_client.get(chosen["Location"]).content.decode()
    assert "Adding a trainee for Birch University" in route_page
    post_route(blended_client, birch)
    assert Trainee.objects.get().provider == birch


def test_blended_model_refuses_a_foreign_provider(blended_client, foreign):
    response = blended_client.post("/trainees/new/", {"provider": foreign.pk})
    assert response.status_code == 200
    assert "Select one of the providers you work for" in response.content.decode()
    post_route(blended_client, foreign)
    assert not Trainee.objects.exists()


def test_blended_user_with_one_provider_is_not_asked(client, alder, settings):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(member_of(alder))
    assert client.get("/trainees/new/")["Location"] == "/trainees/new/route/"
    post_route(client, alder)
    assert Trainee.objects.get().provider == alder


def test_a_route_is_required(hat_client, alder):
    response = hat_client.post("/trainees/new/route/", {"form_provider": alder.pk})
    assert "Select a training route" in response.content.decode()
    assert not Trainee.objects.exists()


def test_a_form_drawn_for_another_provider_saves_nothing(hat_client, alder, birch):
    wear(hat_client, birch)
    response = post_route(hat_client, alder)
    assert response.status_code == 409
    assert not Trainee.objects.exists()


@pytest.fixture
def draft(hat_client, alder):
    post_route(hat_client, alder)
    return Trainee.objects.get()


def section_post(client, trainee, slug, data, provider):
    return submit(
        client, f"/trainees/{trainee.public_id}/{slug}/", {"form_provider": provider.pk, **data}
    )


SECTION_ERRORS = [
    (
        "personal-details",
        {"completion": "yes"},
        [
            "Enter first names",
            "Enter last name",
            "Enter date of birth",
            "Select sex",
            "Select a nationality",
        ],
    ),
    (
        "personal-details",
        {
            "completion": "yes",
            "first_names": "A",
            "last_name": "B",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "2020",
            "sex": "female",
            "nationality": "British",
        },
        ["The trainee must be at least 16 years old"],
    ),
    (
        "personal-details",
        {
            "completion": "yes",
            "first_names": "A" * 101,
            "last_name": "<script>",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "1900",
            "sex": "female",
            "nationality": "Martian",
        },
        [
            "First names must be 100 characters or fewer",
            "Names can only include letters, spaces, hyphens and apostrophes",
            "Date of birth must be less than 100 years ago",
            "Select a valid choice. Martian is not one of the available choices.",
        ],
    ),
    (
        "contact-details",
        {"completion": "yes", "email": "not-an-email"},
        ["Enter an email address in the correct format, like name@example.com"],
    ),
    ("contact-details", {"completion": "yes"}, ["Enter an email address"]),
    (
        "diversity",
        {"completion": "yes", "diversity_disclosed": "yes"},
        ["Select an ethnic group", "Select whether the trainee has a disability"],
    ),
    (
        "diversity",
        {
            "completion": "yes",
            "diversity_disclosed": "yes",
            "ethnic_group": "white",
            "disability_disclosure": "yes",
        },
        ["Select at least one disability"],
    ),
    (
        "course-details",
        {
            "completion": "yes",
            "itt_start_date_day": "1",
            "itt_start_date_month": "9",
            "itt_start_date_year": "2026",
            "itt_end_date_day": "1",
            "itt_end_date_month": "9",
            "itt_end_date_year": "2025",
        },
        [
            "Select a subject",
            "Select an age range",
            "ITT end date must be after the ITT start date",
        ],
    ),
    (
        "trainee-id",
        {"completion": "yes", "trainee_id": "x" * 21},
        ["Trainee ID must be 20 characters or fewer"],
    ),
    (
        "funding",
        {"completion": "yes", "funding_type": "grant"},
        ["Select a valid choice. grant is not one of the available choices."],
    ),
    ("personal-details", {}, ["Select whether you have completed this section"]),
]


@pytest.mark.parametrize(("slug", "data", "messages"), SECTION_ERRORS)
def test_sections_show_govuk_validation_messages(hat_client, draft, alder, slug, data, messages):
    response = section_post(hat_client, draft, slug, data, alder)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    for message in messages:
        assert message in html, message
    draft.refresh_from_db()
    assert not draft.personal_details_completed


def test_a_section_can_be_saved_in_progress(hat_client, draft, alder):
    response = section_post(
        hat_client, draft, "personal-details", {"completion": "no", "first_names": "Ada"}, alder
    )
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.first_names == "Ada"
    html = hat_client.get(draft.get_absolute_url()).content.decode()
    assert re.search(
        r'Personal details</a>\s*</div>\s*<div class="govuk-task-list__status" '
        r'id="personal_details-status">\s*<strong class="govuk-tag govuk-tag--light-blue">In progress',
        html,
    )
    assert re.search(
        r'id="contact_details-status">\s*<strong class="govuk-tag govuk-tag--blue">Not started',
        html,
    )


FULL_SECTIONS = [
    (
        "personal-details",
        {
            "first_names": "Ada",
            "middle_names": "King",
            "last_name": "Lovelace",
            "date_of_birth_day": "10",
            "date_of_birth_month": "12",
            "date_of_birth_year": "1995",
            "sex": "female",
            "nationality": "British",
        },
    ),
    ("contact-details", {"email": "ada@example.com"}),
    (
        "diversity",
        {
            "diversity_disclosed": "yes",
            "ethnic_group": "white",
            "disability_disclosure": "yes",
            "disabilities": ["deaf", "other"],
        },
    ),
    (
        "course-details",
        {
            "course_subject": "mathematics",
            "age_range": "11_to_16",
            "education_phase": "secondary",
            "study_mode": "full_time",
            "itt_start_date_day": "1",
            "itt_start_date_month": "9",
            "itt_start_date_year": "2026",
            "itt_end_date_day": "31",
            "itt_end_date_month": "7",
            "itt_end_date_year": "2027",
        },
    ),
    ("trainee-id", {"trainee_id": "AL-2026-001"}),
    ("funding", {"funding_type": "scholarship"}),
]


def fill_every_section(client, trainee, provider):
    for slug, data in FULL_SECTIONS:
        response = section_post(client, trainee, slug, {**data, "completion": "yes"}, provider)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    degree = submit(
        client,
        f"/trainees/{trainee.public_id}/degrees/new/",
        {
            "uk_degree": "yes",
            "subject": "Mathematics",
            "institution": "University of London",
            "grade": "first",
            "graduation_year": "2017",
        },
    )
    assert degree.status_code == 302
    done = submit(client, f"/trainees/{trainee.public_id}/degrees/", {"completion": "yes"})
    assert done.status_code == 302


def test_check_answers_gates_registration(hat_client, draft, alder):
    page = hat_client.get(f"/trainees/{draft.public_id}/check/").content.decode()
    assert "You can register this trainee once you have completed" in page
    assert "Register trainee and request TRN" not in page
    # The page offers no button yet; a POST all the same (an old tab) registers nothing.
    refused = hat_client.post(
        f"/trainees/{draft.public_id}/check/",
        {"form_provider": alder.pk, "version": draft.version},
    )
    assert refused.status_code == 400
    assert "Complete the personal details section" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.trn is None

    fill_every_section(hat_client, draft, alder)
    page = hat_client.get(f"/trainees/{draft.public_id}/check/").content.decode()
    assert "Register trainee and request TRN" in page
    assert "Ada Lovelace" in page and "ada@example.com" in page and "Deaf, Other" in page
    registered_ = submit(hat_client, f"/trainees/{draft.public_id}/check/")
    assert registered_["Location"] == f"/trainees/{draft.public_id}/registered/"
    draft.refresh_from_db()
    assert draft.state == "trn_received"
    assert re.fullmatch(r"\d{7}", draft.trn)
    confirmation = hat_client.get(registered_["Location"]).content.decode()
    assert '<h1 class="govuk-panel__title">\n    Trainee registered\n  </h1>' in confirmation
    assert f"Ada Lovelace's TRN is<br><strong>{draft.trn}</strong>" in confirmation
    assert "for <strong>Alder SCITT</strong> (1AL)" in confirmation
    record = hat_client.get(draft.get_absolute_url()).content.decode()
    assert '<span class="govuk-caption-l">Alder SCITT</span>' in record
    assert "TRN received" in record


def test_submitting_twice_registers_once(hat_client, alder):
    trainee = complete(TraineeFactory(provider=alder))
    url = f"/trainees/{trainee.public_id}/check/"
    page = hat_client.get(url).content.decode()
    first = hat_client.post(url, hidden_fields(page))
    second = hat_client.post(url, hidden_fields(page))  # a double click: the same form
    assert first.status_code == second.status_code == 302
    trainee.refresh_from_db()
    assert trainee.history_entries.filter(history_change_reason="TRN received").count() == 1
    assert (
        "This trainee is already registered" in hat_client.get(second["Location"]).content.decode()
    )


def test_a_draft_can_be_deleted_after_confirmation(hat_client, draft, alder):
    page = hat_client.get(f"/trainees/{draft.public_id}/delete/")
    assert "Are you sure you want to delete this draft?" in page.content.decode()
    response = submit(hat_client, f"/trainees/{draft.public_id}/delete/")
    assert response["Location"] == "/trainees/"
    assert not Trainee.objects.exists()


def test_a_registered_record_cannot_be_deleted(hat_client, alder):
    trainee = complete(TraineeFactory(provider=alder))
    delete_page = hat_client.get(f"/trainees/{trainee.public_id}/delete/").content.decode()
    submit(hat_client, f"/trainees/{trainee.public_id}/check/")
    response = hat_client.post(f"/trainees/{trainee.public_id}/delete/", hidden_fields(delete_page))
    assert response.status_code == 409
    assert Trainee.objects.filter(pk=trainee.pk).exists()


def test_blended_draft_provider_can_be_changed(blended_client, alder, birch, foreign):
    trainee = TraineeFactory(provider=alder)
    url = f"/trainees/{trainee.public_id}/provider/"
    html = blended_client.get(f"/trainees/{trainee.public_id}/check/").content.decode()
    assert f'href="{url}?return_to=' in html
    refused = submit(blended_client, url, {"provider": foreign.pk})
    assert "Select one of the providers you work for" in refused.content.decode()
    confirm = submit(blended_client, url, {"provider": birch.pk})
    assert "Move this draft to Birch University?" in confirm.content.decode()
    trainee.refresh_from_db()
    assert trainee.provider == alder  # not until confirmed
    moved = blended_client.post(url, hidden_fields(confirm.content.decode()))
    assert moved["Location"] == trainee.get_absolute_url()
    trainee.refresh_from_db()
    assert trainee.provider == birch


def test_degrees_can_be_added_changed_and_removed(hat_client, draft, alder):
    base = f"/trainees/{draft.public_id}/degrees/"
    bad = submit(hat_client, base + "new/", {"uk_degree": "no", "graduation_year": "99"})
    html = bad.content.decode()
    for message in (
        "Enter the country of the degree",
        "Enter the degree subject",
        "Graduation year must be a 4-digit year, like 2019",
        "Select the degree grade",
    ):
        assert message in html
    data = {
        "uk_degree": "yes",
        "subject": "History",
        "institution": "University of York",
        "grade": "upper_second",
        "graduation_year": "2018",
    }
    submit(hat_client, base + "new/", data)
    degree = draft.degrees.get()
    submit(hat_client, f"{base}{degree.pk}/", {**data, "subject": "Ancient history"})
    degree.refresh_from_db()
    assert degree.subject == "Ancient history"
    no_degree_complete = submit(hat_client, base + f"{degree.pk}/remove/")
    assert no_degree_complete.status_code == 302
    assert not draft.degrees.exists()
    refused = submit(hat_client, base, {"completion": "yes"})
    assert "Add at least one degree before completing this section" in refused.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_trn_allocation_gives_distinct_trns(alder):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    from trainees import services

    user = member_of(alder)
    trainees = [complete(TraineeFactory(provider=alder)) for _ in range(8)]
    barrier = threading.Barrier(len(trainees))
    errors = []

    def submit(trainee):
        from django.db import connections

        try:
            barrier.wait()
            services.submit_for_trn(trainee, user=user)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(t,)) for t in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    trns = list(Trainee.objects.values_list("trn", flat=True))
    assert len(trns) == 8
    assert len(set(trns)) == 8
    assert all(re.fullmatch(r"\d{7}", trn) for trn in trns)


def test_the_trainee_id_hint_and_its_error_say_the_same_thing(hat_client, draft, alder):
    url = f"/trainees/{draft.public_id}/trainee-id/"
    characters = "letters, numbers, spaces, hyphens (-) and slashes (/)"
    page = hat_client.get(url).content.decode()
    assert f"starting with a letter or number. It can include {characters}" in page
    refused = submit(hat_client, url, {"trainee_id": "AB_12", "completion": "yes"})
    assert (
        f"Trainee ID must start with a letter or number, and can only include {characters}"
        in refused.content.decode()
    )
    # Everything the hint allows is accepted.
    saved = submit(hat_client, url, {"trainee_id": "Ab 12/3-x", "completion": "yes"})
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.trainee_id == "Ab 12/3-x"
