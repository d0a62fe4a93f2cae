"""The trainee list's filters: parsed from the query string into a clean value object.

Nothing from the query string reaches a query unparsed. Unknown or malformed values are
dropped, never an error, and can never widen what the user may see.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.http import QueryDict
from django.utils import timezone

from trainees.constants import PartnerReview, StudyMode, Subject, TraineeState, TrainingRoute

QTS, EYTS = "QTS", "EYTS"
TO_CHECK = PartnerReview.TO_CHECK


@dataclass(frozen=True)
class StatusOption:
    """A status filter option: a state, and for the award states which award.

    Early years routes lead to EYTS and the others to QTS, so "QTS awarded" and "EYTS
    awarded" are separate options over one state, as the list's tags show them.
    """

    value: str
    label: str
    state: str
    award: str = ""


STATUS_OPTIONS = (
    StatusOption(TraineeState.DRAFT, "Draft", TraineeState.DRAFT),
    StatusOption(TO_CHECK, "To check (from a training partner)", TraineeState.DRAFT),
    StatusOption(TraineeState.SUBMITTED_FOR_TRN, "Pending TRN", TraineeState.SUBMITTED_FOR_TRN),
    StatusOption(TraineeState.TRN_RECEIVED, "TRN received", TraineeState.TRN_RECEIVED),
    StatusOption("qts_recommended", "QTS recommended", TraineeState.RECOMMENDED_FOR_AWARD, QTS),
    StatusOption("eyts_recommended", "EYTS recommended", TraineeState.RECOMMENDED_FOR_AWARD, EYTS),
    StatusOption("qts_awarded", "QTS awarded", TraineeState.AWARDED, QTS),
    StatusOption("eyts_awarded", "EYTS awarded", TraineeState.AWARDED, EYTS),
    StatusOption(TraineeState.DEFERRED, "Deferred", TraineeState.DEFERRED),
    StatusOption(TraineeState.WITHDRAWN, "Withdrawn", TraineeState.WITHDRAWN),
)
STATUS_OPTIONS_BY_VALUE = {str(option.value): option for option in STATUS_OPTIONS}
STATUS_LABELS = {value: option.label for value, option in STATUS_OPTIONS_BY_VALUE.items()}

ORGANISATION_TYPES = (
    ("accredited", "Accredited providers"),
    ("training_partner", "Training partners"),
)
SORT_UPDATED = "updated"
SORT_LAST_NAME = "last_name"
SORT_CHOICES = (
    (SORT_UPDATED, "Date updated (newest first)"),
    (SORT_LAST_NAME, "Last name (A to Z)"),
)
SEARCH_MAX_LENGTH = 100
FIRST_START_YEAR = 2015


def academic_year_label(year: int) -> str:
    return f"{year} to {year + 1}"


def start_year_choices() -> list[tuple[str, str]]:
    today = timezone.localdate()
    current = today.year if today.month >= 8 else today.year - 1
    return [
        (str(year), academic_year_label(year))
        for year in range(current + 1, FIRST_START_YEAR - 1, -1)
    ]


def start_year_range(year: int) -> tuple[datetime.date, datetime.date]:
    """An academic year runs from 1 August to 31 July."""
    return datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)


def keep_known(values, known) -> tuple[str, ...]:
    """The values it knows, in order and once each; the rest dropped silently."""
    seen = []
    for item in values:
        if item in known and item not in seen:
            seen.append(item)
    return tuple(seen)


def whole_numbers(values) -> tuple[int, ...]:
    """Provider ids: whole numbers only. Which ones the user may see is the selector's job."""
    ids = []
    for item in values:
        item = item.strip()
        if item.isascii() and item.isdigit() and len(item) <= 18 and int(item) not in ids:
            ids.append(int(item))
    return tuple(ids)


def clean_search(value: str) -> str:
    text = "".join(ch for ch in value if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:SEARCH_MAX_LENGTH]


@dataclass(frozen=True)
class TraineeFilters:
    search: str = ""
    statuses: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    start_years: tuple[int, ...] = ()
    study_modes: tuple[str, ...] = ()
    provider_ids: tuple[int, ...] = ()
    organisation_types: tuple[str, ...] = ()
    sort: str = SORT_UPDATED
    search_terms: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_filtered(self) -> bool:
        return bool(self.provider_ids or self.organisation_types) or self.narrows_within_providers

    @property
    def narrows_within_providers(self) -> bool:
        """Whether any filter but the provider one applies: then the providers' record
        counts no longer say how many records match."""
        return bool(
            self.search
            or self.statuses
            or self.routes
            or self.subjects
            or self.start_years
            or self.study_modes
        )


@dataclass(frozen=True)
class FilterGroup:
    """A checkbox group of the filter panel: the query parameter, its legend, its options
    (value, label), worked out once where they do not change."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...]

    @cached_property
    def known(self) -> frozenset[str]:
        return frozenset(value for value, _ in self.choices)


STATUS_GROUP = FilterGroup("status", "Status", tuple(STATUS_LABELS.items()))
ROUTE_GROUP = FilterGroup("route", "Training route", tuple(TrainingRoute.choices))
SUBJECT_GROUP = FilterGroup("subject", "Subject", tuple(Subject.choices))
STUDY_MODE_GROUP = FilterGroup("study_mode", "Study mode", tuple(StudyMode.choices))
ORGANISATION_TYPE_GROUP = FilterGroup("organisation_type", "Organisation type", ORGANISATION_TYPES)
SORTS = frozenset(value for value, _ in SORT_CHOICES)


@dataclass(frozen=True)
class FilterPanel:
    """The list's filters, parsed from the query string into a clean value object, and the
    groups the panel draws. Nothing is an error: unknown or malformed values are dropped,
    and can never widen what the user may see.

    The panel is drawn from plain data, not a Django form: building a form's fields (a
    deep copy of each) for some 80 options cost about as much as the rows.
    """

    filters: TraineeFilters
    groups: tuple[FilterGroup, ...]

    @classmethod
    def parse(
        cls, query: QueryDict, *, provider_choices=None, both_kinds: bool = False
    ) -> "FilterPanel":
        """``provider_choices``: the blended model's organisations to filter by (None: no
        provider filter); ``both_kinds``: the user works for accredited providers and
        training partners, so can filter by the type of organisation."""
        start_years = FilterGroup("start_year", "Start year", tuple(start_year_choices()))
        groups = [STATUS_GROUP, ROUTE_GROUP, SUBJECT_GROUP, start_years, STUDY_MODE_GROUP]
        if provider_choices is not None:
            groups.insert(0, FilterGroup("provider", "Provider", tuple(provider_choices)))
        if both_kinds:
            groups.insert(0, ORGANISATION_TYPE_GROUP)

        def chosen(group: FilterGroup) -> tuple[str, ...]:
            return keep_known(query.getlist(group.name), group.known)

        search = clean_search(query.get("q", ""))
        sort = query.get("sort", "")
        filters = TraineeFilters(
            search=search,
            search_terms=tuple(term.lower() for term in search.split()[:5]),
            statuses=chosen(STATUS_GROUP),
            routes=chosen(ROUTE_GROUP),
            subjects=chosen(SUBJECT_GROUP),
            start_years=tuple(int(year) for year in chosen(start_years)),
            study_modes=chosen(STUDY_MODE_GROUP),
            provider_ids=(
                whole_numbers(query.getlist("provider")) if provider_choices is not None else ()
            ),
            organisation_types=chosen(ORGANISATION_TYPE_GROUP) if both_kinds else (),
            sort=sort if sort in SORTS else SORT_UPDATED,
        )
        return cls(filters, tuple(groups))

    def selected(self, group: FilterGroup) -> frozenset[str]:
        values = {
            "status": self.filters.statuses,
            "route": self.filters.routes,
            "subject": self.filters.subjects,
            "start_year": self.filters.start_years,
            "study_mode": self.filters.study_modes,
            "provider": self.filters.provider_ids,
            "organisation_type": self.filters.organisation_types,
        }[group.name]
        return frozenset(str(value) for value in values)
