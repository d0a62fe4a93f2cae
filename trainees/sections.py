"""The sections of a trainee record, as shown on the task list and check-your-answers."""

from dataclasses import dataclass

from trainees.constants import FUNDING_BY_ROUTE, ROUTES_WITH_SCHOOLS, ROUTES_WITHOUT_DEGREE


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


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str
    fields: tuple[str, ...]

    @property
    def completed_field(self) -> str:
        return f"{self.key}_completed"

    def applies_to(self, trainee) -> bool:
        route = trainee.training_route
        if self.key == "degrees":
            return route not in ROUTES_WITHOUT_DEGREE
        if self.key == "schools":
            return route in ROUTES_WITH_SCHOOLS
        if self.key == "funding":
            return route in FUNDING_BY_ROUTE
        return True

    def is_completed(self, trainee) -> bool:
        return bool(getattr(trainee, self.completed_field))

    def status(self, trainee, degree_count: int = 0) -> Status:
        if self.is_completed(trainee):
            return COMPLETED
        if self.key == "degrees":
            return IN_PROGRESS if degree_count else NOT_STARTED
        started = any(getattr(trainee, field) not in (None, "", []) for field in self.fields)
        return IN_PROGRESS if started else NOT_STARTED


SECTIONS = (
    Section(
        "personal_details",
        "Personal details",
        "personal_details",
        ("first_names", "middle_names", "last_name", "date_of_birth", "sex", "nationality"),
    ),
    Section("contact_details", "Contact details", "contact_details", ("email",)),
    Section(
        "diversity",
        "Diversity information",
        "diversity",
        (
            "diversity_disclosed",
            "ethnic_group",
            "ethnic_background",
            "disability_disclosure",
            "disabilities",
        ),
    ),
    Section("degrees", "Degree", "degrees", ()),
    Section(
        "course_details",
        "Course details",
        "course_details",
        (
            "course_subject",
            "course_subject_two",
            "age_range",
            "education_phase",
            "study_mode",
            "itt_start_date",
            "itt_end_date",
        ),
    ),
    Section("trainee_id", "Trainee ID", "trainee_id", ("trainee_id",)),
    Section("schools", "Schools", "schools", ("lead_partner_school", "employing_school")),
    Section("funding", "Funding", "funding", ("funding_type",)),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(trainee) -> list[Section]:
    return [section for section in SECTIONS if section.applies_to(trainee)]


def incomplete_sections(trainee) -> list[Section]:
    return [section for section in sections_for(trainee) if not section.is_completed(trainee)]
