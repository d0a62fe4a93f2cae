"""What each section of a record says, as the rows of its GOV.UK summary card.

One function per section; trainees.sections names which belongs to which.
"""

from dataclasses import dataclass

from govuk.forms import format_date
from trainees.constants import (
    DISABILITIES,
    SALARIED_ROUTES,
    AgeRange,
    DisabilityDisclosure,
    EducationPhase,
    EthnicGroup,
    FundingType,
    Sex,
    StudyMode,
    Subject,
    TrainingRoute,
)

NOT_PROVIDED = "Not provided"


@dataclass
class Row:
    key: str
    value: str


def _date(value) -> str:
    return format_date(value) if value else NOT_PROVIDED


def _choice(choices, value) -> str:
    return str(dict(choices.choices).get(value, value)) if value else NOT_PROVIDED


def _text(value) -> str:
    return value or NOT_PROVIDED


def personal_details_rows(trainee, degrees) -> list[Row]:
    return [
        Row("First names", _text(trainee.first_names)),
        Row("Middle names", _text(trainee.middle_names)),
        Row("Last name", _text(trainee.last_name)),
        Row("Date of birth", _date(trainee.date_of_birth)),
        Row("Sex", _choice(Sex, trainee.sex)),
        Row("Nationality", _text(trainee.nationality)),
    ]


def contact_details_rows(trainee, degrees) -> list[Row]:
    return [Row("Email address", _text(trainee.email))]


def diversity_rows(trainee, degrees) -> list[Row]:
    if trainee.diversity_disclosed is None:
        return [Row("Diversity information", NOT_PROVIDED)]
    if not trainee.diversity_disclosed:
        return [Row("Diversity information", "Not shared")]
    disability_names = dict(DISABILITIES)
    ethnicity = _choice(EthnicGroup, trainee.ethnic_group)
    if trainee.ethnic_background:
        ethnicity = f"{ethnicity} ({trainee.ethnic_background})"
    disability = _choice(DisabilityDisclosure, trainee.disability_disclosure)
    if trainee.disabilities:
        disability = ", ".join(disability_names.get(d, d) for d in trainee.disabilities)
    return [
        Row("Diversity information", "Shared"),
        Row("Ethnicity", ethnicity),
        Row("Disability", disability),
    ]


def degree_rows(trainee, degrees) -> list[Row]:
    if not degrees:
        return [Row("Degree", NOT_PROVIDED)]
    return [
        Row(
            f"Degree {number}",
            f"{degree.subject}, {degree.institution}, {degree.get_grade_display()}, "
            f"{degree.graduation_year}" + ("" if degree.uk_degree else f" ({degree.country})"),
        )
        for number, degree in enumerate(degrees, start=1)
    ]


def course_details_rows(trainee, degrees) -> list[Row]:
    subjects = _choice(Subject, trainee.course_subject)
    if trainee.course_subject_two:
        subjects = f"{subjects} and {_choice(Subject, trainee.course_subject_two)}"
    return [
        Row("Training route", _choice(TrainingRoute, trainee.training_route)),
        Row("Subject", subjects),
        Row("Age range", _choice(AgeRange, trainee.age_range)),
        Row("Education phase", _choice(EducationPhase, trainee.education_phase)),
        Row("Full time or part time", _choice(StudyMode, trainee.study_mode)),
        Row("ITT start date", _date(trainee.itt_start_date)),
        Row("ITT end date", _date(trainee.itt_end_date)),
    ]


def trainee_id_rows(trainee, degrees) -> list[Row]:
    return [Row("Trainee ID", _text(trainee.trainee_id))]


def schools_rows(trainee, degrees) -> list[Row]:
    partner = trainee.training_partner.name if trainee.training_partner_id else ""
    rows = [Row("Training partner", _text(partner or trainee.lead_partner_school))]
    if trainee.training_route in SALARIED_ROUTES:
        rows.append(Row("Employing school", _text(trainee.employing_school)))
    return rows


def funding_rows(trainee, degrees) -> list[Row]:
    return [Row("Funding", _choice(FundingType, trainee.funding_type))]
