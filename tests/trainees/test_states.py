import datetime

import pytest

from tests.factories import TraineeFactory, complete, registered
from trainees import services
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def act(client, trainee, action, provider, **data):
    return client.post(
        f"/trainees/{trainee.public_id}/{action}/", {"form_provider": provider.pk, **data}
    )


def date_fields(name, value: datetime.date):
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


@pytest.fixture
def active(alder):
    return registered(TraineeFactory(provider=alder, itt_start_date=datetime.date(2025, 9, 1)))


def test_defer_then_reinstate_returns_to_the_previous_state(hat_client, active, alder):
    response = act(
        hat_client, active, "defer", alder, **date_fields("deferred_on", datetime.date(2026, 1, 10))
    )
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.state == "deferred"
    assert active.deferred_on == datetime.date(2026, 1, 10)
    act(hat_client, active, "reinstate", alder)
    active.refresh_from_db()
    assert active.state == "trn_received"


def test_withdraw_needs_a_date_and_reason(hat_client, active, alder):
    response = act(hat_client, active, "withdraw", alder)
    html = response.content.decode()
    assert "Enter date of withdrawal" in html
    assert "Select why the trainee withdrew" in html
    other = act(
        hat_client,
        active,
        "withdraw",
        alder,
        reason="other",
        **date_fields("withdrawn_on", datetime.date(2026, 2, 1)),
    )
    assert "Enter details of why the trainee withdrew" in other.content.decode()
    done = act(
        hat_client,
        active,
        "withdraw",
        alder,
        reason="health",
        **date_fields("withdrawn_on", datetime.date(2026, 2, 1)),
    )
    assert done.status_code == 302
    active.refresh_from_db()
    assert (active.state, active.withdrawal_reason) == ("withdrawn", "health")


def test_dates_must_be_real_and_in_bounds(hat_client, active, alder):
    future = datetime.date.today() + datetime.timedelta(days=30)
    html = act(
        hat_client, active, "defer", alder, **date_fields("deferred_on", future)
    ).content.decode()
    assert "Date of deferral must be today or in the past" in html
    before = act(
        hat_client, active, "defer", alder, **date_fields("deferred_on", datetime.date(2024, 1, 1))
    )
    assert "Date of deferral must be on or after the ITT start date" in before.content.decode()
    impossible = act(
        hat_client,
        active,
        "defer",
        alder,
        deferred_on_day="31",
        deferred_on_month="2",
        deferred_on_year="2026",
    )
    assert "Date of deferral must be a real date" in impossible.content.decode()
    active.refresh_from_db()
    assert active.state == "trn_received"


@pytest.mark.parametrize(
    ("action", "field", "subject"),
    [
        ("withdraw", "withdrawn_on", "Date of withdrawal"),
        ("recommend", "recommended_on", "Date the standards were met"),
    ],
)
def test_withdrawal_and_recommendation_dates_fall_between_the_itt_start_and_today(
    hat_client, active, alder, action, field, subject
):
    future = datetime.date.today() + datetime.timedelta(days=30)
    html = act(hat_client, active, action, alder, **date_fields(field, future)).content.decode()
    assert f"{subject} must be today or in the past" in html
    before = act(
        hat_client, active, action, alder, **date_fields(field, datetime.date(2025, 8, 31))
    )
    assert f"{subject} must be on or after the ITT start date" in before.content.decode()
    active.refresh_from_db()
    assert active.state == "trn_received"


def test_recommend_then_award(hat_client, active, alder):
    act(
        hat_client,
        active,
        "recommend",
        alder,
        **date_fields("recommended_on", datetime.date(2026, 6, 30)),
    )
    active.refresh_from_db()
    assert active.state == "recommended_for_award"
    assert "QTS recommended" in hat_client.get(active.get_absolute_url()).content.decode()
    act(hat_client, active, "award", alder)
    active.refresh_from_db()
    assert active.state == "awarded"


def test_early_years_records_say_eyts(hat_client, alder):
    trainee = registered(
        TraineeFactory(provider=alder, training_route="early_years_graduate_entry"),
        state="recommended_for_award",
    )
    html = hat_client.get(trainee.get_absolute_url()).content.decode()
    assert "EYTS recommended" in html
    assert "Mark EYTS awarded" in html


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "defer"),
        ("draft", "recommend"),
        ("trn_received", "award"),
        ("trn_received", "reinstate"),
        ("awarded", "withdraw"),
        ("withdrawn", "reinstate"),
        ("withdrawn", "defer"),
        ("deferred", "recommend"),
        ("awarded", "defer"),
    ],
)
def test_forbidden_transitions_are_refused(hat_client, alder, state, action):
    trainee = TraineeFactory(provider=alder)
    if state != "draft":
        registered(trainee, state=state)
    data = {
        **date_fields("deferred_on", datetime.date(2026, 9, 2)),
        **date_fields("recommended_on", datetime.date(2026, 9, 2)),
    }
    response = act(hat_client, trainee, action, alder, **data)
    assert response.status_code == 409
    assert "This change is not possible" in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.state == state


def test_the_service_refuses_a_forbidden_transition(alder):
    trainee = TraineeFactory(provider=alder)
    with pytest.raises(services.TransitionNotAllowed):
        services.award(trainee, user=None)
    with pytest.raises(services.RecordIncomplete):
        services.submit_for_trn(trainee, user=None)


def test_finished_records_cannot_be_edited(hat_client, alder):
    trainee = registered(TraineeFactory(provider=alder, first_names="Kept"), state="awarded")
    response = hat_client.post(
        f"/trainees/{trainee.public_id}/personal-details/",
        {"form_provider": alder.pk, "first_names": "Changed"},
    )
    assert response.status_code == 409
    trainee.refresh_from_db()
    assert trainee.first_names == "Kept"


def test_registered_records_can_be_edited_with_every_answer_required(hat_client, active, alder):
    response = hat_client.post(
        f"/trainees/{active.public_id}/contact-details/", {"form_provider": alder.pk, "email": ""}
    )
    assert "Enter an email address" in response.content.decode()
    hat_client.post(
        f"/trainees/{active.public_id}/contact-details/",
        {"form_provider": alder.pk, "email": "new@example.com"},
    )
    active.refresh_from_db()
    assert active.email == "new@example.com"


def test_timeline_records_who_under_which_provider_and_what_changed(
    hat_client, active, alder, multi_user
):
    old_email = active.email
    hat_client.post(
        f"/trainees/{active.public_id}/contact-details/",
        {"form_provider": alder.pk, "email": "changed@example.com"},
    )
    act(
        hat_client, active, "defer", alder, **date_fields("deferred_on", datetime.date(2026, 1, 10))
    )
    html = hat_client.get(active.get_absolute_url()).content.decode()
    timeline = html[html.index('<h2 class="govuk-heading-m">Timeline</h2>') :]
    deferred_at = timeline.index("Training deferred")
    contact_at = timeline.index("Contact details updated")
    assert deferred_at < contact_at  # newest first
    assert "by Morgan Multi, Alder SCITT" in timeline
    assert f"Email address: {old_email}" in timeline
    assert "changed@example.com" in timeline
    entry = active.history_entries.get(history_change_reason="Training deferred")
    assert entry.history_user == multi_user
    assert entry.acting_provider == alder


def test_record_page_query_count_is_constant(hat_client, alder, django_assert_max_num_queries):
    trainee = registered(TraineeFactory(provider=alder))
    for year in range(2015, 2019):
        trainee.degrees.create(
            subject="Maths", institution="Leeds", grade="first", graduation_year=year
        )
    for n in range(15):
        services.update_section(
            trainee, "contact_details", {"email": f"e{n}@example.com"}, completed=True, user=None
        )
    with django_assert_max_num_queries(9):
        assert hat_client.get(trainee.get_absolute_url()).status_code == 200


def test_draft_record_page_is_the_task_list(hat_client, alder):
    trainee = complete(TraineeFactory(provider=alder))
    html = hat_client.get(trainee.get_absolute_url()).content.decode()
    assert '<ul class="govuk-task-list">' in html
    assert "Check your answers" in html
    assert Trainee.objects.count() == 1
