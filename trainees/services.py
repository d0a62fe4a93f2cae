"""Every change to a trainee record: one function per action, each in a transaction.

A change that the record's state does not allow raises ``TransitionNotAllowed``; a
record that is not ready raises ``RecordIncomplete``. Views turn these into pages.
"""

# Each action opens its transaction with ``with transaction.atomic():`` rather than the
# decorator: mutmut skips decorated functions, and these rules are mutation-tested
# (docs/testing.md, ``make mutation``).

import datetime

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from providers.models import Provider
from trainees import trn
from trainees.constants import FUNDING_BY_ROUTE, TraineeState
from trainees.models import Degree, Trainee
from trainees.sections import SECTIONS_BY_KEY, incomplete_sections

# States whose sections can still be changed.
EDITABLE_STATES = frozenset(
    {
        TraineeState.DRAFT,
        TraineeState.SUBMITTED_FOR_TRN,
        TraineeState.TRN_RECEIVED,
        TraineeState.DEFERRED,
    }
)
ACTIVE_STATES = frozenset(
    {TraineeState.SUBMITTED_FOR_TRN, TraineeState.TRN_RECEIVED, TraineeState.RECOMMENDED_FOR_AWARD}
)
TRANSITIONS = {
    "submit": frozenset({TraineeState.DRAFT}),
    "recommend": frozenset({TraineeState.TRN_RECEIVED}),
    "award": frozenset({TraineeState.RECOMMENDED_FOR_AWARD}),
    "defer": ACTIVE_STATES,
    "withdraw": ACTIVE_STATES,
    "reinstate": frozenset({TraineeState.DEFERRED}),
    "delete": frozenset({TraineeState.DRAFT}),
    "change_route": frozenset({TraineeState.DRAFT}),
    "change_provider": frozenset({TraineeState.DRAFT}),
}


class TransitionNotAllowed(Exception):
    def __init__(self, action: str, trainee: Trainee):
        self.action = action
        self.state = trainee.state
        super().__init__(f"cannot {action} a record that is {trainee.state_label.lower()}")


class RecordChanged(Exception):
    """The record changed after the form was drawn: nothing was saved."""

    def __init__(self, trainee: Trainee, expected_version: int):
        self.trainee = trainee
        self.expected_version = expected_version
        super().__init__(f"record is at version {trainee.version}, form was for {expected_version}")


class ActionForbidden(Exception):
    """The user's role does not allow this action, whatever the record's state."""

    def __init__(self, action: str, reason: str):
        self.action = action
        super().__init__(reason)


class RecordIncomplete(Exception):
    def __init__(self, sections):
        self.sections = sections
        super().__init__("sections not completed: " + ", ".join(s.title for s in sections))


def can(action: str, trainee: Trainee) -> bool:
    return trainee.state in TRANSITIONS[action]


def can_edit(trainee: Trainee) -> bool:
    return trainee.state in EDITABLE_STATES


def may_award(user) -> bool:
    """Awards are the awarding body's decision, recorded here by support staff."""
    return bool(user is not None and user.is_staff)


def _attribute(trainee: Trainee, user, acting_provider, reason: str) -> None:
    # Read by django-simple-history and trainees.history for the Timeline.
    trainee._history_user = user
    trainee._acting_provider = acting_provider or trainee.provider
    trainee._change_reason = reason


def _locked(trainee: Trainee, action: str | None = None, expected_version=None) -> Trainee:
    """The record re-read under a row lock, so that two requests cannot both act on it.

    With ``expected_version`` (the version the user's form was drawn from), a record
    changed since raises RecordChanged instead of being overwritten.
    """
    locked = Trainee.objects.select_for_update().select_related("provider").get(pk=trainee.pk)
    if action is not None and not can(action, locked):
        raise TransitionNotAllowed(action, locked)
    if expected_version is not None and locked.version != expected_version:
        raise RecordChanged(locked, expected_version)
    return locked


def _touch(trainee: Trainee, **fields) -> None:
    """Mark the record as updated (a new version) without a history row of its own."""
    Trainee.objects.filter(pk=trainee.pk).update(
        updated_at=timezone.now(), version=F("version") + 1, **fields
    )


def _count(provider_id: int, change: int) -> None:
    """Adjust a provider's trainee_count (creation and deletion: trainees.signals)."""
    Provider.objects.filter(pk=provider_id).update(trainee_count=F("trainee_count") + change)


def recount_trainees() -> None:
    """Set every provider's trainee_count from the records (after a bulk load)."""
    per_provider = (
        Trainee.objects.filter(provider=OuterRef("pk"))
        .order_by()
        .values("provider")
        .annotate(n=Count("id"))
        .values("n")
    )
    Provider.objects.update(trainee_count=Coalesce(Subquery(per_provider), 0))


def create_draft(*, provider, training_route: str, user, acting_provider=None) -> Trainee:
    with transaction.atomic():
        trainee = Trainee(provider=provider, training_route=training_route, created_by=user)
        _attribute(trainee, user, acting_provider or provider, "Record created")
        trainee.save()
        return trainee


def update_section(
    trainee,
    section_key: str,
    data: dict,
    *,
    completed: bool,
    user,
    acting_provider=None,
    expected_version=None,
) -> Trainee:
    with transaction.atomic():
        section = SECTIONS_BY_KEY[section_key]
        locked = _locked(trainee, expected_version=expected_version)
        if not can_edit(locked):
            raise TransitionNotAllowed("change", locked)
        for field, value in data.items():
            if field not in section.fields:
                raise ValueError(f"{field} is not part of {section.title}")
            setattr(locked, field, value)
        # Once registered, every section is complete: its forms require every answer.
        setattr(locked, section.completed_field, completed or not locked.is_draft)
        _attribute(locked, user, acting_provider, f"{section.title} updated")
        locked.save()
        return locked


def set_training_route(
    trainee, training_route: str, *, user, acting_provider=None, expected_version=None
) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, "change_route", expected_version)
        locked.training_route = training_route
        if training_route not in FUNDING_BY_ROUTE:
            locked.funding_type = ""
        locked.funding_completed = False
        _attribute(locked, user, acting_provider, "Training route changed")
        locked.save()
        return locked


def save_degree(
    trainee,
    data: dict,
    *,
    degree: Degree | None = None,
    user,
    acting_provider=None,
    expected_version=None,
) -> Degree:
    with transaction.atomic():
        locked = _locked(trainee, expected_version=expected_version)
        if not can_edit(locked):
            raise TransitionNotAllowed("change", locked)
        degree = degree or Degree(trainee=locked)
        for field, value in data.items():
            setattr(degree, field, value)
        degree._history_user = user
        degree._acting_provider = acting_provider or locked.provider
        degree._change_reason = "Degree updated" if degree.pk else "Degree added"
        degree.save()
        _touch(locked)
        return degree


def remove_degree(
    trainee, degree: Degree, *, user, acting_provider=None, expected_version=None
) -> None:
    with transaction.atomic():
        locked = _locked(trainee, expected_version=expected_version)
        if not can_edit(locked):
            raise TransitionNotAllowed("change", locked)
        degree._history_user = user
        degree._acting_provider = acting_provider or locked.provider
        degree._change_reason = "Degree removed"
        degree.delete()
        # The degree's own history row records the removal; no second Timeline entry.
        _touch(locked, degrees_completed=locked.degrees_completed and locked.degrees.exists())


def mark_degrees(
    trainee, *, completed: bool, user, acting_provider=None, expected_version=None
) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, expected_version=expected_version)
        if not can_edit(locked):
            raise TransitionNotAllowed("change", locked)
        locked.degrees_completed = completed
        reason = "Degree section completed" if completed else "Degree section marked in progress"
        _attribute(locked, user, acting_provider, reason)
        locked.save()
        return locked


def change_provider(
    trainee, new_provider, *, user, acting_provider=None, expected_version=None
) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, "change_provider", expected_version)
        if locked.provider_id == new_provider.pk:
            return locked
        _count(locked.provider_id, -1)
        _count(new_provider.pk, +1)
        locked.provider = new_provider
        _attribute(locked, user, acting_provider or new_provider, "Provider changed")
        locked.save()
        return locked


def delete_draft(trainee, *, user, acting_provider=None, expected_version=None) -> None:
    with transaction.atomic():
        locked = _locked(trainee, "delete", expected_version)
        _attribute(locked, user, acting_provider, "Draft deleted")
        locked.delete()


def submit_for_trn(trainee, *, user, acting_provider=None, expected_version=None) -> Trainee:
    """Register the trainee and request their TRN. Registers once, however often called."""
    with transaction.atomic():
        locked = _locked(trainee, "submit", expected_version)
        missing = incomplete_sections(locked)
        if missing:
            raise RecordIncomplete(missing)
        locked.state = TraineeState.SUBMITTED_FOR_TRN
        locked.submitted_at = timezone.now()
        _attribute(locked, user, acting_provider, "Registered and TRN requested")
        locked.save()
        # The TRN comes from the national service, not from the user who registered.
        _attribute(locked, None, locked.provider, "TRN received")
        return trn.request_trn(locked)


def defer(
    trainee, *, deferred_on: datetime.date, user, acting_provider=None, expected_version=None
) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, "defer", expected_version)
        locked.state_before_deferral = locked.state
        locked.state = TraineeState.DEFERRED
        locked.deferred_on = deferred_on
        _attribute(locked, user, acting_provider, "Training deferred")
        locked.save()
        return locked


def reinstate(trainee, *, user, acting_provider=None, expected_version=None) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, "reinstate", expected_version)
        locked.state = locked.state_before_deferral or TraineeState.TRN_RECEIVED
        locked.state_before_deferral = ""
        locked.reinstated_at = timezone.now()
        _attribute(locked, user, acting_provider, "Training reinstated")
        locked.save()
        return locked


def withdraw(
    trainee,
    *,
    withdrawn_on: datetime.date,
    reason: str,
    details: str = "",
    user,
    acting_provider=None,
    expected_version=None,
) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, "withdraw", expected_version)
        locked.state = TraineeState.WITHDRAWN
        locked.withdrawn_on = withdrawn_on
        locked.withdrawal_reason = reason
        locked.withdrawal_details = details
        _attribute(locked, user, acting_provider, "Withdrawn from training")
        locked.save()
        return locked


def recommend_for_award(
    trainee, *, recommended_on: datetime.date, user, acting_provider=None, expected_version=None
) -> Trainee:
    with transaction.atomic():
        locked = _locked(trainee, "recommend", expected_version)
        locked.state = TraineeState.RECOMMENDED_FOR_AWARD
        locked.recommended_on = recommended_on
        _attribute(locked, user, acting_provider, f"Recommended for {locked.award_name}")
        locked.save()
        return locked


def award(trainee, *, user, acting_provider=None, expected_version=None) -> Trainee:
    """Record that the awarding body awarded QTS or EYTS: support staff only, for them.

    Providers recommend; they never award.
    """
    with transaction.atomic():
        if not may_award(user):
            raise ActionForbidden("award", "only support staff record an award")
        locked = _locked(trainee, "award", expected_version)
        locked.state = TraineeState.AWARDED
        locked.awarded_at = timezone.now()
        locked.awarded_by = user
        _attribute(locked, user, acting_provider, f"{locked.award_name} awarded")
        locked.save()
        return locked
