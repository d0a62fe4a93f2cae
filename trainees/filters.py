"""The trainee list's filters: parsed from the query string into a clean value object.

Nothing from the query string reaches a query unparsed. Unknown or malformed values are
dropped, never an error, and can never widen what the user may see.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
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


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the values it knows, in order and once each; drops the rest silently."""

    def clean(self, value):
        known = {str(key) for key, _ in self.choices}
        seen = []
        for item in value or []:
            if isinstance(item, str) and item in known and item not in seen:
                seen.append(item)
        return seen


def filter_checkboxes(label: str, choices=()) -> LenientMultipleChoiceField:
    return LenientMultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )


class LenientIdField(forms.Field):
    """Provider ids: whole numbers only. Which ones the user may see is the selector's job."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices=(), **kwargs):
        super().__init__(required=False, **kwargs)
        self.choices = list(choices)
        self.widget.choices = self.choices

    def to_python(self, value):
        ids = []
        for item in value or []:
            item = str(item).strip()
            if item.isascii() and item.isdigit() and len(item) <= 18 and int(item) not in ids:
                ids.append(int(item))
        return ids

    def validate(self, value):
        return None


class LenientChoiceField(forms.ChoiceField):
    """One known value, else the first choice."""

    def clean(self, value):
        known = [str(key) for key, _ in self.choices]
        return value if isinstance(value, str) and value in known else known[0]


class LenientSearchField(forms.CharField):
    def clean(self, value):
        text = "".join(ch for ch in str(value or "") if ch.isprintable() or ch.isspace())
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


class TraineeFilterForm(forms.Form):
    """The filter panel. Always valid: see the lenient fields above."""

    q = LenientSearchField(
        label="Search",
        required=False,
        help_text="Name, TRN or trainee ID",
    )
    status = filter_checkboxes("Status", list(STATUS_LABELS.items()))
    route = filter_checkboxes("Training route", TrainingRoute.choices)
    subject = filter_checkboxes("Subject", Subject.choices)
    start_year = filter_checkboxes("Start year")  # choices depend on today
    study_mode = filter_checkboxes("Study mode", StudyMode.choices)
    organisation_type = filter_checkboxes("Organisation type", ORGANISATION_TYPES)
    provider = LenientIdField(label="Provider")
    sort = LenientChoiceField(label="Sort by", choices=SORT_CHOICES, required=False)

    label_sizes = {
        "q": "s",
        "status": "s",
        "route": "s",
        "subject": "s",
        "start_year": "s",
        "study_mode": "s",
        "provider": "s",
        "organisation_type": "s",
    }

    def __init__(self, query: QueryDict, *, provider_choices=None, both_kinds=False):
        """``provider_choices``: the blended model's organisations to filter by (None: no
        provider filter); ``both_kinds``: the user works for accredited providers and
        training partners, so can filter by the type of organisation."""
        super().__init__(query)
        self.fields["start_year"].choices = start_year_choices()
        if not both_kinds:
            del self.fields["organisation_type"]
        if provider_choices is None:
            del self.fields["provider"]
        else:
            self.fields["provider"].choices = provider_choices
            self.fields["provider"].widget = forms.CheckboxSelectMultiple(
                attrs={"class": "govuk-checkboxes--small"}, choices=provider_choices
            )
        self.full_clean()

    @property
    def filters(self) -> TraineeFilters:
        data = self.cleaned_data
        search = data.get("q", "")
        return TraineeFilters(
            search=search,
            search_terms=tuple(term.lower() for term in search.split()[:5]),
            statuses=tuple(data.get("status", ())),
            routes=tuple(data.get("route", ())),
            subjects=tuple(data.get("subject", ())),
            start_years=tuple(int(year) for year in data.get("start_year", ())),
            study_modes=tuple(data.get("study_mode", ())),
            provider_ids=tuple(data.get("provider", ())),
            organisation_types=tuple(data.get("organisation_type", ())),
            sort=data.get("sort") or SORT_UPDATED,
        )
