"""The sections of a trainee record, each declared once: the registry.

A section's key, URL slug, title, fields, form, summary rows, the routes it applies to and
how its status is worked out are all here; the URLs, the task list, Check your answers,
the summary cards and the services read them from this one place.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from trainees import forms, summaries
from trainees.constants import (
    FUNDING_BY_ROUTE,
    ROUTES_WITH_SCHOOLS,
    ROUTES_WITHOUT_DEGREE,
    TrainingRoute,
)


@dataclass(frozen=True)
class Status:
    """A section's status on the task list: completed ones read as plain text, the others
    as a GOV.UK tag of their own colour."""

    label: str
    tag_class: str = ""

    def __str__(self):
        return self.label

    @property
    def is_completed(self) -> bool:
        return self is COMPLETED


NOT_STARTED = Status("Not started", "govuk-tag--blue")
IN_PROGRESS = Status("In progress", "govuk-tag--light-blue")
COMPLETED = Status("Completed")

ALL_ROUTES = frozenset(TrainingRoute)


@dataclass(frozen=True)
class Section:
    """One section of the record.

    ``form`` is None for the degrees section, which has pages of its own (a list of
    degrees, then one page per degree); its status follows how many degrees there are.
    """

    key: str
    slug: str
    title: str
    fields: tuple[str, ...]
    form: type | None
    rows: Callable
    routes: frozenset = ALL_ROUTES

    @property
    def completed_field(self) -> str:
        return f"{self.key}_completed"

    @property
    def url_name(self) -> str:
        return f"trainees:{self.key}"

    def applies_to(self, trainee) -> bool:
        return trainee.training_route in self.routes

    def is_completed(self, trainee) -> bool:
        return bool(getattr(trainee, self.completed_field))

    def status(self, trainee, degree_count: int = 0) -> Status:
        if self.is_completed(trainee):
            return COMPLETED
        if self.form is None:
            started = degree_count > 0
        else:
            started = any(getattr(trainee, name) not in (None, "", []) for name in self.fields)
        return IN_PROGRESS if started else NOT_STARTED


SECTIONS = (
    Section(
        "personal_details",
        "personal-details",
        "Personal details",
        ("first_names", "middle_names", "last_name", "date_of_birth", "sex", "nationality"),
        forms.PersonalDetailsForm,
        summaries.personal_details_rows,
    ),
    Section(
        "contact_details",
        "contact-details",
        "Contact details",
        ("email",),
        forms.ContactDetailsForm,
        summaries.contact_details_rows,
    ),
    Section(
        "diversity",
        "diversity",
        "Diversity information",
        (
            "diversity_disclosed",
            "ethnic_group",
            "ethnic_background",
            "disability_disclosure",
            "disabilities",
        ),
        forms.DiversityForm,
        summaries.diversity_rows,
    ),
    Section(
        "degrees",
        "degrees",
        "Degree",
        (),
        None,
        summaries.degree_rows,
        routes=ALL_ROUTES - ROUTES_WITHOUT_DEGREE,
    ),
    Section(
        "course_details",
        "course-details",
        "Course details",
        (
            "course_subject",
            "course_subject_two",
            "age_range",
            "education_phase",
            "study_mode",
            "itt_start_date",
            "itt_end_date",
        ),
        forms.CourseDetailsForm,
        summaries.course_details_rows,
    ),
    Section(
        "trainee_id",
        "trainee-id",
        "Trainee ID",
        ("trainee_id",),
        forms.TraineeIdForm,
        summaries.trainee_id_rows,
    ),
    Section(
        "schools",
        "schools",
        "Schools",
        ("lead_partner_school", "employing_school"),
        forms.SchoolsForm,
        summaries.schools_rows,
        routes=ROUTES_WITH_SCHOOLS,
    ),
    Section(
        "funding",
        "funding",
        "Funding",
        ("funding_type",),
        forms.FundingForm,
        summaries.funding_rows,
        routes=frozenset(FUNDING_BY_ROUTE),
    ),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
# The sections edited through one form page (trainees.urls gives each its own path).
FORM_SECTIONS = tuple(section for section in SECTIONS if section.form is not None)


def sections_for(trainee) -> list[Section]:
    return [section for section in SECTIONS if section.applies_to(trainee)]


def incomplete_sections(trainee) -> list[Section]:
    return [section for section in sections_for(trainee) if not section.is_completed(trainee)]


@dataclass
class Card:
    """A section as a GOV.UK summary card (the record page, Check your answers) and as an
    item of the task list."""

    section: Section
    rows: list
    change_url: str
    status: Status

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def section_key(self) -> str:
        return self.section.key


def section_cards(trainee, degrees, *, editable: bool, return_to: str = "") -> list[Card]:
    """One card per section that applies; ``return_to`` sends each Change link's page
    back there."""
    suffix = f"?{urlencode({'return_to': return_to})}" if return_to else ""
    return [
        Card(
            section=section,
            rows=section.rows(trainee, degrees),
            change_url=(
                reverse(section.url_name, args=[trainee.public_id]) + suffix if editable else ""
            ),
            status=section.status(trainee, len(degrees)),
        )
        for section in sections_for(trainee)
    ]
