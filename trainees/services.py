"""Every change to a trainee record: one function per action, each in a transaction.

A change that the record's state does not allow raises ``TransitionNotAllowed``; a
record that is not ready raises ``RecordIncomplete``. Views turn these into pages.

Each opens its transaction with ``with transaction.atomic():`` rather than the decorator:
mutmut (``make mutation``) does not mutate decorated functions.
"""

import datetime

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from providers.models import Partnership, Provider
from trainees import trn
from trainees.constants import FUNDING_BY_ROUTE, PartnerReview, TraineeState
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
ALL_STATES = frozenset(TraineeState)
ACTIVE_STATES = frozenset(
    {TraineeState.SUBMITTED_FOR_TRN, TraineeState.TRN_RECEIVED, TraineeState.RECOMMENDED_FOR_AWARD}
)
# The states in which each action is possible (the access policy, providers.policy, says
# who may do it). Keys are the policy's action names.
TRANSITIONS = {
    "register": frozenset({TraineeState.DRAFT}),
    "recommend": frozenset({TraineeState.TRN_RECEIVED}),
    "award": frozenset({TraineeState.RECOMMENDED_FOR_AWARD}),
    "defer": ACTIVE_STATES,
    "withdraw": ACTIVE_STATES,
    "reinstate": frozenset({TraineeState.DEFERRED}),
    "delete": frozenset({TraineeState.DRAFT}),
    "change_route": frozenset({TraineeState.DRAFT}),
    "move_draft": frozenset({TraineeState.DRAFT}),
    "move_registered": frozenset(TraineeState) - {TraineeState.DRAFT},
    "send_for_check": frozenset({TraineeState.DRAFT}),
    "return_to_partner": frozenset({TraineeState.DRAFT}),
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
    """Whether the record's state allows ``action`` (whoever asks)."""
    if action == "change":
        return can_edit(trainee)
    if action == "return_to_partner":
        return trainee.is_draft and trainee.partner_review == PartnerReview.TO_CHECK
    if action == "send_for_check":
        return (
            trainee.is_draft
            and trainee.drafting_partner_id is not None
            and trainee.partner_review != PartnerReview.TO_CHECK
        )
    return trainee.state in TRANSITIONS.get(action, ALL_STATES)


def can_edit(trainee: Trainee) -> bool:
    return trainee.state in EDITABLE_STATES


def may_award(user) -> bool:
    """Awards are the awarding body's decision, recorded here by support staff."""
    return bool(user is not None and user.is_staff)


def _attribute(instance, user, acting_provider, reason: str, *, provider=None) -> None:
    """Who changed a record or degree, for which provider, and why: the Timeline's byline.

    Without a hat (the blended model, a system event) the user acts for the record's own
    provider.
    """
    instance._history_user = user
    instance._acting_provider = acting_provider or provider or instance.provider
    instance._change_reason = reason


def _locked(
    trainee: Trainee, action: str | None = None, expected_version=None, *, moving_to=None
) -> Trainee:
    """The record re-read under a row lock, so that two requests cannot both act on it,
    then its organisations (and ``moving_to``'s) locked in id order.

    With ``expected_version`` (the version the user's form was drawn from), a record
    changed since raises RecordChanged instead of being overwritten.
    """
    locked = (
        Trainee.objects.select_for_update(of=("self",))
        .select_related("provider")
        .get(pk=trainee.pk)
    )
    _hold_organisations(locked.provider_id, locked.training_partner_id, moving_to)
    if action is not None and not can(action, locked):
        raise TransitionNotAllowed(action, locked)
    if expected_version is not None and locked.version != expected_version:
        raise RecordChanged(locked, expected_version)
    return locked


def _hold_organisations(*ids) -> None:
    """Lock the organisations a change to a record will update, in id order, before it:
    their counters (``_count``) and the records-version triggers (trainees migration 0011)
    update them, and the triggers take them in id order too. Taken one by one as the
    change goes, they could be taken in another order by a transaction that only inserts
    (a training partner's new draft), and the two would deadlock."""
    held = Provider.objects.filter(pk__in={pk for pk in ids if pk is not None})
    list(held.order_by("pk").select_for_update(no_key=True).values_list("pk", flat=True))


def _touch(trainee: Trainee, **fields) -> None:
    """Save the record as changed (a new version) without a Timeline entry of its own: a
    degree's own history row says what changed."""
    for name, value in fields.items():
        setattr(trainee, name, value)
    trainee.skip_history_when_saving = True
    try:
        trainee.save(update_fields=list(fields))
    finally:
        del trainee.skip_history_when_saving


def _count(provider_id: int, change: int, counter: str = "trainee_count") -> None:
    """Adjust one of a provider's counts: its records (``trainee_count``; creation and
    deletion: trainees.signals) or the partners' drafts it has to check."""
    Provider.objects.filter(pk=provider_id).update(**{counter: F(counter) + change})


def _set_review(locked: Trainee, review: str) -> None:
    """Move a partner's draft into or out of the provider's drafts to check, counted."""
    was = locked.partner_review == PartnerReview.TO_CHECK
    locked.partner_review = review
    now = review == PartnerReview.TO_CHECK
    if was != now:
        _count(locked.provider_id, +1 if now else -1, "drafts_to_check")


def recount_trainees() -> None:
    """Set every provider's counts from the records (after a bulk load)."""

    def counted(records):
        per_provider = (
            records.filter(provider=OuterRef("pk"))
            .order_by()
            .values("provider")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(per_provider), 0)

    to_check = Trainee.objects.filter(
        state=TraineeState.DRAFT, partner_review=PartnerReview.TO_CHECK
    )
    Provider.objects.update(
        trainee_count=counted(Trainee.objects.all()), drafts_to_check=counted(to_check)
    )


def create_draft(
    *, provider, training_route: str, user, acting_provider=None, drafting_partner=None
) -> Trainee:
    """A new draft for ``provider``; with ``drafting_partner``, started by that training
    partner for the provider to check (and linked to it)."""
    with transaction.atomic():
        trainee = Trainee(
            provider=provider,
            training_route=training_route,
            created_by=user,
            drafting_partner=drafting_partner,
            training_partner=drafting_partner,
        )
        _attribute(trainee, user, acting_provider or drafting_partner, "Record created")
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
        reason = "Degree updated" if degree.pk else "Degree added"
        _attribute(degree, user, acting_provider, reason, provider=locked.provider)
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
        _attribute(degree, user, acting_provider, "Degree removed", provider=locked.provider)
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
        locked = _locked(trainee, "move_draft", expected_version, moving_to=new_provider.pk)
        return _move(locked, new_provider, user, acting_provider, "Provider changed")


def move_registered(
    trainee, new_provider, *, reason: str, user, acting_provider=None, expected_version=None
) -> Trainee:
    """Support staff move a registered record to the accredited provider it belongs to,
    saying why (the Timeline shows it)."""
    with transaction.atomic():
        reason = " ".join((reason or "").split())
        if not reason:
            raise ValueError("a reason is needed to move a registered record")
        locked = _locked(trainee, "move_registered", expected_version, moving_to=new_provider.pk)
        return _move(locked, new_provider, user, acting_provider, f"Moved by support: {reason}")


def _move(locked: Trainee, new_provider, user, acting_provider, reason: str) -> Trainee:
    if not new_provider.is_accredited:
        raise ValueError("records belong to accredited providers")
    if locked.provider_id == new_provider.pk:
        return locked
    _count(locked.provider_id, -1)
    _count(new_provider.pk, +1)
    if locked.partner_review == PartnerReview.TO_CHECK:
        _count(locked.provider_id, -1, "drafts_to_check")
        _count(new_provider.pk, +1, "drafts_to_check")
    locked.provider = new_provider
    if (
        locked.training_partner_id
        and not Partnership.objects.filter(
            accredited_provider=new_provider, training_partner_id=locked.training_partner_id
        ).exists()
    ):
        # Not a partner of the new provider: the school's name stays, as text.
        locked.lead_partner_school = locked.lead_partner_school or locked.training_partner.name
        locked.training_partner = None
    _attribute(locked, user, acting_provider, reason)
    locked.save()
    return locked


def send_for_check(trainee, *, user, acting_provider=None, expected_version=None) -> Trainee:
    """A training partner sends its finished draft to the provider to check and register."""
    with transaction.atomic():
        locked = _locked(trainee, "send_for_check", expected_version)
        missing = incomplete_sections(locked)
        if missing:
            raise RecordIncomplete(missing)
        _set_review(locked, PartnerReview.TO_CHECK)
        reason = f"Sent to {locked.provider.name} to check"
        _attribute(locked, user, acting_provider or locked.drafting_partner, reason)
        locked.save()
        return locked


def return_to_partner(
    trainee, *, comment: str, user, acting_provider=None, expected_version=None
) -> Trainee:
    """The provider gives a partner's draft back, saying what to change."""
    with transaction.atomic():
        locked = _locked(trainee, "return_to_partner", expected_version)
        _set_review(locked, PartnerReview.RETURNED)
        locked.partner_comment = comment.strip()
        reason = f"Returned to {locked.drafting_partner.name}"
        _attribute(locked, user, acting_provider, reason)
        locked.save()
        return locked


def delete_draft(trainee, *, user, acting_provider=None, expected_version=None) -> None:
    with transaction.atomic():
        locked = _locked(trainee, "delete", expected_version)
        _set_review(locked, "")
        _attribute(locked, user, acting_provider, "Draft deleted")
        locked.delete()


def submit_for_trn(trainee, *, user, acting_provider=None, expected_version=None) -> Trainee:
    """Register the trainee and request their TRN. Registers once, however often called."""
    with transaction.atomic():
        locked = _locked(trainee, "register", expected_version)
        missing = incomplete_sections(locked)
        if missing:
            raise RecordIncomplete(missing)
        locked.state = TraineeState.SUBMITTED_FOR_TRN
        locked.submitted_at = timezone.now()
        _set_review(locked, "")
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
