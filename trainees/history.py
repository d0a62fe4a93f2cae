"""The Timeline: who changed a record, under which provider, when, and what changed."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from govuk.forms import format_date
from trainees.compiled import CompiledQuery
from trainees.constants import DISABILITIES, state_label
from trainees.models import Degree, Trainee

# Fields that mean nothing to a user reading the Timeline, or that only repeat what the
# entry itself says: its title names the event and its date says when.
HIDDEN_FIELDS = {
    "id",
    "public_id",
    "search_text",
    "created_at",
    "updated_at",
    "trainee",
    "created_by",
    "state_before_deferral",
    "version",
    "submitted_at",
    "trn_received_at",
    "awarded_at",
    "awarded_by",
    "reinstated_at",
}
DISABILITY_LABELS = dict(DISABILITIES)


@receiver(pre_create_historical_record)
def record_acting_provider(sender, instance, history_instance, **kwargs):
    # trainees.services names it for every change; other writers (the shell, data loads)
    # act for the record's own provider.
    if not isinstance(instance, (Trainee, Degree)):
        return  # memberships keep a history too, without a provider to act for
    acting = getattr(instance, "_acting_provider", None)
    if acting is None:
        acting = instance.provider if isinstance(instance, Trainee) else instance.trainee.provider
    history_instance.acting_provider = acting


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    title: str
    when: datetime
    user_name: str
    provider_name: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    """A value as users read it elsewhere in the service: labels, GOV.UK dates, names."""
    model_field = record._meta.get_field(field_name)
    value = getattr(record, field_name)
    if value in (None, "", []):
        return "Not provided"
    if field_name == "state":
        return state_label(value, record.training_route)
    if field_name == "disabilities":
        return ", ".join(DISABILITY_LABELS.get(item, str(item)) for item in value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return format_date(value)
    if model_field.is_relation:
        return getattr(value, "name", str(value))
    return str(value)


def _label(record, field_name: str) -> str:
    label = str(record._meta.get_field(field_name).verbose_name)
    return label[:1].upper() + label[1:]


def _changes(new, old) -> list[Change]:
    if old is None:
        return []
    delta = new.diff_against(old, excluded_fields=HIDDEN_FIELDS)
    return [
        Change(_label(new, change.field), _display(old, change.field), _display(new, change.field))
        for change in delta.changes
        if not change.field.endswith("_completed")
    ]


def changes_since(trainee: Trainee, version: int) -> list[TimelineEntry]:
    """What other people changed after the given version of the record, newest first."""
    newer = trainee.history_entries.filter(version__gt=version)
    first = newer.order_by("history_date").values_list("history_date", flat=True).first()
    if first is None:
        return []
    return [entry for entry in timeline(trainee) if entry.when >= first]


def timeline(trainee: Trainee) -> list[TimelineEntry]:
    """Every recorded change to the trainee and their degrees, newest first.

    Two queries, whatever the number of entries.
    """
    trainee_history, degree_history = _history_queries()
    trainee_rows = trainee_history({_TRAINEE_ID: trainee.pk})
    degree_rows = degree_history({_TRAINEE_ID: trainee.pk})
    entries = []
    previous = None
    for row in trainee_rows:
        changes = _changes(row, previous)
        previous = row
        if row.history_type == "~" and not changes:
            continue  # nothing a reader could see changed (a section marked complete)
        default = "Record created" if row.history_type == "+" else "Record updated"
        entries.append(_entry(row, changes, default))
    previous_by_degree = {}
    for row in degree_rows:
        if row.history_type == "+":
            changes = [Change("Degree", "Not provided", _degree_summary(row))]
        elif row.history_type == "-":
            changes = [Change("Degree", _degree_summary(row), "Removed")]
        else:
            changes = _changes(row, previous_by_degree.get(row.id))
        previous_by_degree[row.id] = row
        if not changes:
            continue
        default = {"+": "Degree added", "-": "Degree removed"}.get(
            row.history_type, "Degree updated"
        )
        entries.append(_entry(row, changes, default))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


_TRAINEE_ID = -7_654_321_777


@cache
def _history_queries() -> tuple[CompiledQuery, CompiledQuery]:
    """The record's history and its degrees' history, oldest first, compiled once."""
    placeholder = Trainee(pk=_TRAINEE_ID)
    return (
        CompiledQuery(
            placeholder.history_entries.select_related("history_user", "acting_provider").order_by(
                "history_date", "history_id"
            ),
            [_TRAINEE_ID],
        ),
        CompiledQuery(
            Degree.history.filter(trainee_id=_TRAINEE_ID)
            .select_related("history_user", "acting_provider")
            .order_by("history_date", "history_id"),
            [_TRAINEE_ID],
        ),
    )


def _degree_summary(row) -> str:
    return f"{row.subject}, {row.institution} ({row.graduation_year})"


def _entry(row, changes, default_title) -> TimelineEntry:
    user = row.history_user
    return TimelineEntry(
        title=row.history_change_reason or default_title,
        when=row.history_date,
        user_name=user.get_full_name() if user else "Register trainee teachers",
        provider_name=row.acting_provider.name if row.acting_provider else "",
        changes=changes,
    )
