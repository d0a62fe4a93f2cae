import datetime

import pytest

from tests.factories import TraineeFactory, UserFactory, complete, registered
from tests.forms import submit
from trainees import services
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def act(client, trainee, action, provider, **data):
    """Post an action as from a page drawn now, for ``provider``, at the record's version."""
    version = type(trainee).objects.get(pk=trainee.pk).version
    return client.post(
        f"/trainees/{trainee.public_id}/{action}/",
        {"form_provider": provider.pk, "version": version, **data},
    )


def date_fields(name, value: datetime.date):
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


@pytest.fixture
def active(alder):
    return registered(TraineeFactory(provider=alder, itt_start_date=datetime.date(2025, 9, 1)))


@pytest.mark.parametrize("before", ["submitted_for_trn", "recommended_for_award"])
def test_defer_then_reinstate_returns_to_the_previous_state(hat_client, alder, before):
    # Neither is TRN received, the state a record with no previous state returns to.
    active = registered(
        TraineeFactory(provider=alder, itt_start_date=datetime.date(2025, 9, 1)), state=before
    )
    response = act(
        hat_client, active, "defer", alder, **date_fields("deferred_on", datetime.date(2026, 1, 10))
    )
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.state == "deferred"
    assert active.deferred_on == datetime.date(2026, 1, 10)
    assert act(hat_client, active, "reinstate", alder).status_code == 302
    active.refresh_from_db()
    assert active.state == before


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


@pytest.fixture
def support_client(client, alder):
    """Support staff, acting for the awarding body (with a membership to reach the record)."""
    from tests.factories import MembershipFactory

    staff = UserFactory(is_staff=True, first_name="Alex", last_name="Admin")
    MembershipFactory(user=staff, provider=alder)
    client.force_login(staff)
    return client


def test_providers_recommend_and_only_support_staff_record_the_award(
    hat_client, active, alder, client
):
    act(
        hat_client,
        active,
        "recommend",
        alder,
        **date_fields("recommended_on", datetime.date(2026, 6, 30)),
    )
    active.refresh_from_db()
    assert active.state == "recommended_for_award"
    page = hat_client.get(active.get_absolute_url()).content.decode()
    assert "QTS recommended" in page
    assert "as awarded" not in page
    assert hat_client.get(f"/trainees/{active.public_id}/award/").status_code == 403
    assert act(hat_client, active, "award", alder).status_code == 403
    active.refresh_from_db()
    assert active.state == "recommended_for_award"


def test_support_staff_record_the_award_and_the_record_says_who(support_client, alder):
    trainee = registered(TraineeFactory(provider=alder), state="recommended_for_award")
    page = support_client.get(trainee.get_absolute_url()).content.decode()
    assert "Mark QTS as awarded" in page
    assert act(support_client, trainee, "award", alder).status_code == 302
    trainee.refresh_from_db()
    assert trainee.state == "awarded"
    assert trainee.awarded_by.last_name == "Admin"
    page = support_client.get(trainee.get_absolute_url()).content.decode()
    assert "Recorded by Alex Admin, support" in page


def test_early_years_records_say_eyts(hat_client, alder):
    trainee = registered(
        TraineeFactory(provider=alder, training_route="early_years_graduate_entry"),
        state="recommended_for_award",
    )
    html = hat_client.get(trainee.get_absolute_url()).content.decode()
    assert "EYTS recommended" in html
    assert "Recommend for" not in html


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "defer"),
        ("draft", "recommend"),
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


def test_support_staff_cannot_award_a_record_not_recommended(support_client, alder):
    trainee = registered(TraineeFactory(provider=alder))
    response = act(support_client, trainee, "award", alder)
    assert response.status_code == 409
    trainee.refresh_from_db()
    assert trainee.state == "trn_received"


def test_the_service_refuses_a_forbidden_transition(alder):
    trainee = TraineeFactory(provider=alder)
    with pytest.raises(services.TransitionNotAllowed):
        services.award(trainee, user=UserFactory(is_staff=True))
    with pytest.raises(services.RecordIncomplete):
        services.submit_for_trn(trainee, user=None)
    recommended = registered(TraineeFactory(provider=alder), state="recommended_for_award")
    with pytest.raises(services.ActionForbidden):
        services.award(recommended, user=UserFactory())
    recommended.refresh_from_db()
    assert recommended.state == "recommended_for_award"


def test_finished_records_cannot_be_edited(hat_client, alder):
    trainee = registered(TraineeFactory(provider=alder, first_names="Kept"), state="awarded")
    response = hat_client.post(
        f"/trainees/{trainee.public_id}/personal-details/",
        {"form_provider": alder.pk, "version": trainee.version, "first_names": "Changed"},
    )
    assert response.status_code == 409
    trainee.refresh_from_db()
    assert trainee.first_names == "Kept"


def test_registered_records_can_be_edited_with_every_answer_required(hat_client, active, alder):
    response = submit(hat_client, f"/trainees/{active.public_id}/contact-details/", {"email": ""})
    assert "Enter an email address" in response.content.decode()
    submit(
        hat_client, f"/trainees/{active.public_id}/contact-details/", {"email": "new@example.com"}
    )
    active.refresh_from_db()
    assert active.email == "new@example.com"


def test_timeline_records_who_under_which_provider_and_what_changed(
    hat_client, active, alder, multi_user
):
    old_email = active.email
    submit(
        hat_client,
        f"/trainees/{active.public_id}/contact-details/",
        {"email": "changed@example.com"},
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
