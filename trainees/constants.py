"""The vocabulary of a trainee record: routes, subjects and the other fixed lists."""

from django.db import models


class TraineeState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED_FOR_TRN = "submitted_for_trn", "Pending TRN"
    TRN_RECEIVED = "trn_received", "TRN received"
    RECOMMENDED_FOR_AWARD = "recommended_for_award", "QTS recommended"
    AWARDED = "awarded", "QTS awarded"
    DEFERRED = "deferred", "Deferred"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The GOV.UK tag colour for each state.
STATE_TAG_CLASSES = {
    TraineeState.DRAFT: "govuk-tag--grey",
    TraineeState.SUBMITTED_FOR_TRN: "govuk-tag--turquoise",
    TraineeState.TRN_RECEIVED: "govuk-tag--blue",
    TraineeState.RECOMMENDED_FOR_AWARD: "govuk-tag--purple",
    TraineeState.AWARDED: "govuk-tag--green",
    TraineeState.DEFERRED: "govuk-tag--yellow",
    TraineeState.WITHDRAWN: "govuk-tag--red",
}


class TrainingRoute(models.TextChoices):
    ASSESSMENT_ONLY = "assessment_only", "Assessment only"
    PROVIDER_LED_POSTGRAD = "provider_led_postgrad", "Provider-led (postgrad)"
    PROVIDER_LED_UNDERGRAD = "provider_led_undergrad", "Provider-led (undergrad)"
    SCHOOL_DIRECT_FEE_FUNDED = "school_direct_fee_funded", "School direct (fee funded)"
    SCHOOL_DIRECT_SALARIED = "school_direct_salaried", "School direct (salaried)"
    PG_TEACHING_APPRENTICESHIP = (
        "pg_teaching_apprenticeship",
        "Postgraduate teaching apprenticeship",
    )
    TEACHER_DEGREE_APPRENTICESHIP = (
        "teacher_degree_apprenticeship",
        "Teacher degree apprenticeship",
    )
    EARLY_YEARS_GRADUATE_ENTRY = "early_years_graduate_entry", "Early years (graduate entry)"
    EARLY_YEARS_GRADUATE_EMPLOYMENT = (
        "early_years_graduate_employment",
        "Early years (graduate employment based)",
    )
    EARLY_YEARS_ASSESSMENT_ONLY = "early_years_assessment_only", "Early years (assessment only)"
    OPT_IN_UNDERGRAD = "opt_in_undergrad", "Opt-in (undergrad)"


EARLY_YEARS_ROUTES = frozenset(
    {
        TrainingRoute.EARLY_YEARS_GRADUATE_ENTRY,
        TrainingRoute.EARLY_YEARS_GRADUATE_EMPLOYMENT,
        TrainingRoute.EARLY_YEARS_ASSESSMENT_ONLY,
    }
)
# Undergraduate routes lead to a degree, so the trainee has none yet.
ROUTES_WITHOUT_DEGREE = frozenset(
    {
        TrainingRoute.PROVIDER_LED_UNDERGRAD,
        TrainingRoute.TEACHER_DEGREE_APPRENTICESHIP,
        TrainingRoute.OPT_IN_UNDERGRAD,
    }
)
SALARIED_ROUTES = frozenset(
    {
        TrainingRoute.SCHOOL_DIRECT_SALARIED,
        TrainingRoute.PG_TEACHING_APPRENTICESHIP,
        TrainingRoute.TEACHER_DEGREE_APPRENTICESHIP,
        TrainingRoute.EARLY_YEARS_GRADUATE_EMPLOYMENT,
    }
)
# Routes where a school trains the trainee with the provider.
ROUTES_WITH_SCHOOLS = frozenset(
    {
        TrainingRoute.SCHOOL_DIRECT_FEE_FUNDED,
        TrainingRoute.SCHOOL_DIRECT_SALARIED,
        TrainingRoute.PG_TEACHING_APPRENTICESHIP,
        TrainingRoute.TEACHER_DEGREE_APPRENTICESHIP,
        TrainingRoute.EARLY_YEARS_GRADUATE_EMPLOYMENT,
    }
)


class FundingType(models.TextChoices):
    BURSARY = "bursary", "Bursary"
    SCHOLARSHIP = "scholarship", "Scholarship"
    GRANT = "grant", "Grant"
    NONE = "none", "No funding"


FUNDING_BY_ROUTE = {
    TrainingRoute.PROVIDER_LED_POSTGRAD: (FundingType.BURSARY, FundingType.SCHOLARSHIP),
    TrainingRoute.SCHOOL_DIRECT_FEE_FUNDED: (FundingType.BURSARY, FundingType.SCHOLARSHIP),
    TrainingRoute.PROVIDER_LED_UNDERGRAD: (FundingType.BURSARY,),
    TrainingRoute.SCHOOL_DIRECT_SALARIED: (FundingType.GRANT,),
    TrainingRoute.PG_TEACHING_APPRENTICESHIP: (FundingType.GRANT,),
    TrainingRoute.EARLY_YEARS_GRADUATE_ENTRY: (FundingType.BURSARY,),
    TrainingRoute.EARLY_YEARS_GRADUATE_EMPLOYMENT: (FundingType.GRANT,),
}


class Subject(models.TextChoices):
    ART_AND_DESIGN = "art_and_design", "Art and design"
    BIOLOGY = "biology", "Biology"
    BUSINESS_STUDIES = "business_studies", "Business studies"
    CHEMISTRY = "chemistry", "Chemistry"
    CITIZENSHIP = "citizenship", "Citizenship"
    CLASSICS = "classics", "Classics"
    COMPUTING = "computing", "Computing"
    DESIGN_AND_TECHNOLOGY = "design_and_technology", "Design and technology"
    DRAMA = "drama", "Drama"
    EARLY_YEARS = "early_years", "Early years teaching"
    ECONOMICS = "economics", "Economics"
    ENGLISH = "english", "English"
    FRENCH = "french", "French"
    GEOGRAPHY = "geography", "Geography"
    GERMAN = "german", "German"
    HISTORY = "history", "History"
    MATHEMATICS = "mathematics", "Mathematics"
    MUSIC = "music", "Music"
    PHYSICAL_EDUCATION = "physical_education", "Physical education"
    PHYSICS = "physics", "Physics"
    PRIMARY = "primary", "Primary"
    PRIMARY_MATHEMATICS = "primary_mathematics", "Primary with mathematics"
    PSYCHOLOGY = "psychology", "Psychology"
    RELIGIOUS_EDUCATION = "religious_education", "Religious education"
    SPANISH = "spanish", "Spanish"


class AgeRange(models.TextChoices):
    ZERO_TO_FIVE = "0_to_5", "0 to 5"
    THREE_TO_SEVEN = "3_to_7", "3 to 7"
    FIVE_TO_ELEVEN = "5_to_11", "5 to 11"
    SEVEN_TO_ELEVEN = "7_to_11", "7 to 11"
    ELEVEN_TO_SIXTEEN = "11_to_16", "11 to 16"
    ELEVEN_TO_NINETEEN = "11_to_19", "11 to 19"
    FOURTEEN_TO_NINETEEN = "14_to_19", "14 to 19"


class EducationPhase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


NATIONALITIES = (
    "British",
    "Irish",
    "Afghan",
    "American",
    "Australian",
    "Bangladeshi",
    "Brazilian",
    "Bulgarian",
    "Canadian",
    "Chinese",
    "Cypriot",
    "Czech",
    "Dutch",
    "Egyptian",
    "Filipino",
    "French",
    "German",
    "Ghanaian",
    "Greek",
    "Hungarian",
    "Indian",
    "Iranian",
    "Italian",
    "Jamaican",
    "Kenyan",
    "Latvian",
    "Lithuanian",
    "Nigerian",
    "Pakistani",
    "Polish",
    "Portuguese",
    "Romanian",
    "Slovak",
    "Somali",
    "South African",
    "Spanish",
    "Sri Lankan",
    "Syrian",
    "Turkish",
    "Ukrainian",
    "Zimbabwean",
    "Other",
)


class EthnicGroup(models.TextChoices):
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, African, Black British or Caribbean"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Another ethnic group"
    NOT_PROVIDED = "not_provided", "Prefer not to say"


class DisabilityDisclosure(models.TextChoices):
    YES = "yes", "They have one or more disabilities"
    NO = "no", "They do not have a disability"
    NOT_PROVIDED = "not_provided", "Not provided"


DISABILITIES = (
    ("blind", "Blind"),
    ("deaf", "Deaf"),
    ("learning_difficulty", "Learning difficulty"),
    ("long_standing_illness", "Long-standing illness"),
    ("mental_health", "Mental health condition"),
    ("physical", "Physical disability or mobility issue"),
    ("social_communication", "Social or communication impairment"),
    ("other", "Other"),
)


class DegreeGrade(models.TextChoices):
    FIRST = "first", "First-class honours"
    UPPER_SECOND = "upper_second", "Upper second-class honours (2:1)"
    LOWER_SECOND = "lower_second", "Lower second-class honours (2:2)"
    THIRD = "third", "Third-class honours"
    PASS = "pass", "Pass"
    OTHER = "other", "Other"


class PartnerReview(models.TextChoices):
    """Where a training partner's draft is between the partner and the provider."""

    TO_CHECK = "to_check", "To check"
    RETURNED = "returned", "Returned to the partner"


class WithdrawalReason(models.TextChoices):
    PERSONAL = "personal", "Personal reasons"
    HEALTH = "health", "Health reasons"
    FINANCIAL = "financial", "Financial reasons"
    CHANGED_CAREER = "changed_career", "Decided teaching is not for them"
    NOT_MEETING_STANDARDS = "not_meeting_standards", "Not meeting the Teachers' Standards"
    TRANSFERRED = "transferred", "Moved to another provider"
    OTHER = "other", "Another reason"


# Labels by stored value, for code that reads rows rather than model instances.
ROUTE_LABELS = dict(TrainingRoute.choices)
SUBJECT_LABELS = dict(Subject.choices)
STUDY_MODE_LABELS = dict(StudyMode.choices)
STATE_LABELS = dict(TraineeState.choices)


def state_label(state: str, training_route: str) -> str:
    """What users see for a state: early years routes lead to EYTS, the others to QTS."""
    label = STATE_LABELS.get(state, state)
    return label.replace("QTS", "EYTS") if training_route in EARLY_YEARS_ROUTES else label
