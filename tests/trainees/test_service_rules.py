"""The rules of trainees.services, called as the views call them: each action's effect on the
record, who the Timeline credits it to (user, acting provider, title), and every refusal
(wrong state, stale form, wrong role, incomplete record) with the reason a user is shown."""

import datetime

import pytest
from django.utils import timezone

from providers.models import Provider
from tests.factories import ProviderFactory, TraineeFactory, UserFactory, complete, registered
from trainees import services
from trainees.models import Degree, Trainee

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def user():
    return UserFactory(first_name="Morgan", last_name="Multi")


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def latest_row(trainee):
    return Trainee.history.filter(id=trainee.pk).latest("history_id")


def credited(row):
    return row.history_change_reason, row.history_user, row.acting_provider


def current(trainee):
    return Trainee.objects.get(pk=trainee.pk)


def in_state(provider, state, **fields):
    if state == "draft":
        return complete(TraineeFactory(provider=provider, **fields))
    return registered(TraineeFactory(provider=provider, **fields), state=state)


# What each action does, and whom the Timeline credits ------------------------------------


def test_a_new_draft_is_credited_to_its_creator_and_the_provider_they_act_for(alder, birch, user):
    own = services.create_draft(provider=alder, training_route="assessment_only", user=user)
    assert (own.provider, own.training_route, own.created_by) == (alder, "assessment_only", user)
    assert credited(latest_row(own)) == ("Record created", user, alder)

    on_behalf = services.create_draft(
        provider=alder, training_route="assessment_only", user=user, acting_provider=birch
    )
    assert credited(latest_row(on_behalf)) == ("Record created", user, birch)


def test_deferral_keeps_the_state_to_return_to(alder, birch, user):
    trainee = in_state(alder, "recommended_for_award")
    deferred = services.defer(trainee, deferred_on=DAY, user=user, acting_provider=birch)
    stored = current(trainee)
    assert stored.state == deferred.state == "deferred"
    assert (stored.state_before_deferral, stored.deferred_on) == ("recommended_for_award", DAY)
    assert credited(latest_row(trainee)) == ("Training deferred", user, birch)


@pytest.mark.parametrize("before", ["submitted_for_trn", "recommended_for_award", ""])
def test_reinstating_returns_to_the_state_left(alder, user, before):
    trainee = in_state(alder, "deferred", state_before_deferral=before)
    services.reinstate(trainee, user=user)
    stored = current(trainee)
    assert stored.state == (before or "trn_received")
    assert stored.state_before_deferral == ""
    assert stored.reinstated_at is not None
    assert credited(latest_row(trainee)) == ("Training reinstated", user, alder)


def test_withdrawal_records_date_reason_and_details(alder, user):
    trainee = in_state(alder, "trn_received")
    services.withdraw(trainee, withdrawn_on=DAY, reason="health", user=user)
    stored = current(trainee)
    assert (stored.state, stored.withdrawn_on) == ("withdrawn", DAY)
    assert (stored.withdrawal_reason, stored.withdrawal_details) == ("health", "")
    assert credited(latest_row(trainee)) == ("Withdrawn from training", user, alder)

    other = in_state(alder, "trn_received")
    services.withdraw(other, withdrawn_on=DAY, reason="other", details="Moved abroad", user=user)
    assert current(other).withdrawal_details == "Moved abroad"


@pytest.mark.parametrize(
    ("route", "award"), [("provider_led_postgrad", "QTS"), ("early_years_graduate_entry", "EYTS")]
)
def test_recommendation_and_award_name_the_award(alder, user, staff, route, award):
    trainee = in_state(alder, "trn_received", training_route=route)
    services.recommend_for_award(trainee, recommended_on=DAY, user=user)
    stored = current(trainee)
    assert (stored.state, stored.recommended_on) == ("recommended_for_award", DAY)
    assert credited(latest_row(trainee)) == (f"Recommended for {award}", user, alder)

    services.award(trainee, user=staff)
    stored = current(trainee)
    assert (stored.state, stored.awarded_by) == ("awarded", staff)
    assert stored.awarded_at is not None
    assert credited(latest_row(trainee)) == (f"{award} awarded", staff, alder)


def test_registration_is_the_users_and_the_trn_the_services(alder, birch, user):
    trainee = in_state(alder, "draft")
    services.submit_for_trn(trainee, user=user, acting_provider=birch)
    stored = current(trainee)
    assert stored.state == "trn_received" and stored.trn
    assert stored.submitted_at is not None
    trn_row, registered_row = Trainee.history.filter(id=trainee.pk).order_by("-history_id")[:2]
    assert credited(registered_row) == ("Registered and TRN requested", user, birch)
    assert credited(trn_row) == ("TRN received", None, alder)


def test_a_registered_section_stays_complete_and_a_drafts_follows_the_answer(alder, user):
    draft = TraineeFactory(provider=alder)
    services.update_section(
        draft, "contact_details", {"email": "a@example.com"}, completed=False, user=user
    )
    assert current(draft).contact_details_completed is False
    services.update_section(
        draft, "contact_details", {"email": "b@example.com"}, completed=True, user=user
    )
    assert (current(draft).email, current(draft).contact_details_completed) == (
        "b@example.com",
        True,
    )
    assert credited(latest_row(draft)) == ("Contact details updated", user, alder)

    active = in_state(alder, "trn_received")
    services.update_section(
        active, "contact_details", {"email": "c@example.com"}, completed=False, user=user
    )
    assert current(active).contact_details_completed is True


def test_a_section_only_takes_its_own_answers(alder, user):
    draft = TraineeFactory(provider=alder, email="kept@example.com")
    with pytest.raises(ValueError, match="last_name is not part of Contact details"):
        services.update_section(
            draft, "contact_details", {"last_name": "X"}, completed=True, user=user
        )
    assert current(draft).last_name == draft.last_name


@pytest.mark.parametrize(
    ("route", "funding"), [("assessment_only", ""), ("school_direct_fee_funded", "bursary")]
)
def test_a_new_route_keeps_funding_only_where_the_route_offers_it(alder, user, route, funding):
    trainee = in_state(alder, "draft", funding_type="bursary")
    assert trainee.funding_completed
    services.set_training_route(trainee, route, user=user)
    stored = current(trainee)
    assert (stored.training_route, stored.funding_type) == (route, funding)
    assert stored.funding_completed is False
    assert credited(latest_row(trainee)) == ("Training route changed", user, alder)


def test_degrees_are_added_changed_and_removed_on_the_degrees_own_timeline(alder, birch, user):
    trainee = in_state(alder, "draft")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Trainee.objects.filter(pk=trainee.pk).update(updated_at=long_ago)
    version = current(trainee).version
    data = {
        "subject": "History",
        "institution": "University of York",
        "grade": "first",
        "graduation_year": 2019,
    }
    degree = services.save_degree(trainee, data, user=user)
    assert current(trainee).version == version + 1
    assert current(trainee).updated_at > long_ago
    added = Degree.history.filter(id=degree.pk).latest("history_id")
    assert credited(added) == ("Degree added", user, alder)

    services.save_degree(
        trainee, {"grade": "upper_second"}, degree=degree, user=user, acting_provider=birch
    )
    changed = Degree.history.filter(id=degree.pk).latest("history_id")
    assert (changed.grade, *credited(changed)) == ("upper_second", "Degree updated", user, birch)
    assert current(trainee).version == version + 2

    rows_before = Trainee.history.filter(id=trainee.pk).count()
    degree_id = degree.pk
    services.remove_degree(trainee, degree, user=user)
    removed = Degree.history.filter(id=degree_id).latest("history_id")
    assert (removed.history_type, *credited(removed)) == ("-", "Degree removed", user, alder)
    assert Trainee.history.filter(id=trainee.pk).count() == rows_before
    assert current(trainee).version == version + 3


def test_removing_the_last_degree_reopens_the_section(alder, user):
    trainee = in_state(alder, "draft")
    first = trainee.degrees.get()
    second = Degree.objects.create(
        trainee=trainee, subject="Art", institution="UCL", grade="first", graduation_year=2018
    )
    services.remove_degree(trainee, second, user=user)
    assert current(trainee).degrees_completed is True
    services.remove_degree(trainee, first, user=user)
    assert current(trainee).degrees_completed is False


@pytest.mark.parametrize(
    ("completed", "title"),
    [(True, "Degree section completed"), (False, "Degree section marked in progress")],
)
def test_marking_the_degrees_section(alder, user, completed, title):
    trainee = TraineeFactory(provider=alder, degrees_completed=not completed)
    services.mark_degrees(trainee, completed=completed, user=user)
    assert current(trainee).degrees_completed is completed
    assert credited(latest_row(trainee)) == (title, user, alder)


def test_moving_a_draft_moves_the_counts_once(alder, birch, user):
    trainee = in_state(alder, "draft")
    counts = lambda: dict(Provider.objects.values_list("pk", "trainee_count"))  # noqa: E731
    assert counts() == {alder.pk: 1, birch.pk: 0}
    services.change_provider(trainee, birch, user=user)
    assert current(trainee).provider == birch
    assert counts() == {alder.pk: 0, birch.pk: 1}
    assert credited(latest_row(trainee)) == ("Provider changed", user, birch)

    rows = Trainee.history.filter(id=trainee.pk).count()
    services.change_provider(trainee, birch, user=user)
    assert counts() == {alder.pk: 0, birch.pk: 1}
    assert Trainee.history.filter(id=trainee.pk).count() == rows


def test_a_deleted_draft_leaves_a_credited_last_row(alder, birch, user):
    trainee = in_state(alder, "draft")
    services.delete_draft(trainee, user=user, acting_provider=birch)
    assert not Trainee.objects.filter(pk=trainee.pk).exists()
    row = latest_row(trainee)
    assert (row.history_type, *credited(row)) == ("-", "Draft deleted", user, birch)


def test_recount_sets_every_providers_count_from_the_records(alder, birch):
    TraineeFactory.create_batch(2, provider=alder)
    Provider.objects.update(trainee_count=7)
    services.recount_trainees()
    assert dict(Provider.objects.values_list("pk", "trainee_count")) == {alder.pk: 2, birch.pk: 0}


# Refusals ---------------------------------------------------------------------------------

ACTIONS = {
    "defer": lambda t, **kw: services.defer(t, deferred_on=DAY, **kw),
    "withdraw": lambda t, **kw: services.withdraw(t, withdrawn_on=DAY, reason="health", **kw),
    "recommend": lambda t, **kw: services.recommend_for_award(t, recommended_on=DAY, **kw),
    "reinstate": lambda t, **kw: services.reinstate(t, **kw),
    "register": lambda t, **kw: services.submit_for_trn(t, **kw),
    "delete": lambda t, **kw: services.delete_draft(t, **kw),
    "change_route": lambda t, **kw: services.set_training_route(t, "assessment_only", **kw),
    "move_draft": lambda t, **kw: services.change_provider(t, ProviderFactory(), **kw),
    "award": lambda t, **kw: services.award(t, **kw),
}
EDITS = {
    "update_section": lambda t, **kw: services.update_section(
        t, "contact_details", {"email": "x@example.com"}, completed=True, **kw
    ),
    "save_degree": lambda t, **kw: services.save_degree(
        t, {"subject": "Art", "institution": "UCL", "grade": "first", "graduation_year": 2018}, **kw
    ),
    "remove_degree": lambda t, **kw: services.remove_degree(t, t.degrees.get(), **kw),
    "mark_degrees": lambda t, **kw: services.mark_degrees(t, completed=True, **kw),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_action_the_state_does_not_allow_changes_nothing_and_says_why(alder, staff, action):
    trainee = in_state(alder, "withdrawn")
    before = (current(trainee).version, Trainee.history.filter(id=trainee.pk).count())
    with pytest.raises(services.TransitionNotAllowed) as refused:
        ACTIONS[action](trainee, user=staff)
    assert (refused.value.action, refused.value.state) == (action, "withdrawn")
    assert str(refused.value) == f"cannot {action} a record that is withdrawn"
    after = (current(trainee).version, Trainee.history.filter(id=trainee.pk).count())
    assert after == before


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_finished_record_cannot_be_edited(alder, user, edit):
    trainee = in_state(alder, "awarded")
    version = current(trainee).version
    with pytest.raises(services.TransitionNotAllowed) as refused:
        EDITS[edit](trainee, user=user)
    assert str(refused.value) == "cannot change a record that is qts awarded"
    assert current(trainee).version == version
    assert trainee.degrees.count() == 1


# Each action and the state it applies to.
ALLOWED = (
    [(name, "trn_received") for name in ("defer", "withdraw", "recommend")]
    + [("reinstate", "deferred"), ("award", "recommended_for_award")]
    + [(name, "draft") for name in ("register", "delete", "change_route", "move_draft")]
    + [(name, "draft") for name in EDITS]
)


@pytest.mark.parametrize(("name", "state"), ALLOWED)
def test_every_change_is_credited_to_the_provider_the_user_acts_for(alder, staff, name, state):
    trainee = in_state(alder, state)
    cedar = ProviderFactory(name="Cedar College")
    {**ACTIONS, **EDITS}[name](trainee, user=staff, acting_provider=cedar)
    rows = [
        *Trainee.history.filter(id=trainee.pk, history_user=staff),
        *Degree.history.filter(trainee_id=trainee.pk, history_user=staff),
    ]
    assert rows
    assert {row.acting_provider for row in rows} == {cedar}


@pytest.mark.parametrize(("name", "state"), ALLOWED)
def test_a_form_drawn_from_an_older_version_saves_nothing(alder, staff, name, state):
    trainee = in_state(alder, state)
    version = current(trainee).version
    run = {**ACTIONS, **EDITS}[name]
    with pytest.raises(services.RecordChanged) as changed:
        run(trainee, user=staff, expected_version=version - 1)
    assert changed.value.expected_version == version - 1
    assert changed.value.trainee.version == version
    assert str(changed.value) == f"record is at version {version}, form was for {version - 1}"
    assert Trainee.objects.filter(pk=trainee.pk, version=version, state=state).exists()

    run(trainee, user=staff, expected_version=version)
    assert not Trainee.objects.filter(pk=trainee.pk, version=version, state=state).exists()


@pytest.mark.parametrize("who", ["provider user", "nobody"])
def test_only_support_staff_record_an_award(alder, user, who):
    trainee = in_state(alder, "recommended_for_award")
    with pytest.raises(services.ActionForbidden) as refused:
        services.award(trainee, user=user if who == "provider user" else None)
    assert refused.value.action == "award"
    assert str(refused.value) == "only support staff record an award"
    assert current(trainee).state == "recommended_for_award"


def test_an_incomplete_draft_is_not_registered(alder, user):
    trainee = TraineeFactory(provider=alder, personal_details_completed=True)
    with pytest.raises(services.RecordIncomplete) as refused:
        services.submit_for_trn(trainee, user=user)
    titles = [section.title for section in refused.value.sections]
    assert titles[:2] == ["Contact details", "Diversity information"]
    assert str(refused.value) == "sections not completed: " + ", ".join(titles)
    assert current(trainee).state == "draft" and current(trainee).trn is None
