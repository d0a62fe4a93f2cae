"""Demo trainees: deterministic, spread across every state, route and subject."""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from trainees.constants import (
    DISABILITIES,
    EARLY_YEARS_ROUTES,
    FUNDING_BY_ROUTE,
    NATIONALITIES,
    ROUTES_WITH_SCHOOLS,
    ROUTES_WITHOUT_DEGREE,
    SALARIED_ROUTES,
    AgeRange,
    DegreeGrade,
    DisabilityDisclosure,
    EducationPhase,
    EthnicGroup,
    Sex,
    StudyMode,
    Subject,
    TraineeState,
    TrainingRoute,
    WithdrawalReason,
)
from trainees.models import Degree, Trainee
from trainees.services import recount_trainees
from trainees.trn import allocate_trns

FIRST_NAMES = (
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Evie",
    "Aisha",
    "Zara",
    "Priya",
    "Chloe",
    "Hannah",
    "Niamh",
    "Sian",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Theo",
    "Jack",
    "Charlie",
    "Jacob",
    "Finley",
    "Rhys",
    "Callum",
    "Kwame",
    "Tomasz",
    "Ravi",
    "Daniel",
    "Samuel",
    "Ethan",
    "Joseph",
    "Lucas",
    "Aaron",
    "Eilidh",
)
LAST_NAMES = (
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Khan",
    "Ahmed",
    "Begum",
    "Nowak",
    "Okafor",
    "O'Brien",
    "Murphy",
    "Kaur",
    "Singh",
    "Mensah",
    "Kowalski",
    "Nguyen",
    "Campbell",
    "Stewart",
    "Bell",
    "MacDonald",
    "Ali",
)
UNIVERSITIES = (
    "University of Leeds",
    "University of Manchester",
    "University of Bristol",
    "University of Birmingham",
    "University of Nottingham",
    "Cardiff University",
    "University of Sheffield",
    "Newcastle University",
    "University of Exeter",
    "Queen's University Belfast",
    "University of Glasgow",
    "Open University",
)
DEGREE_SUBJECTS = (
    "History",
    "Mathematics",
    "English literature",
    "Biology",
    "Chemistry",
    "Physics",
    "Geography",
    "Psychology",
    "Music",
    "French",
    "Computer science",
    "Sport science",
    "Early childhood studies",
    "Education studies",
    "Theology",
)
SCHOOLS = (
    "Riverside Academy",
    "St Mary's Church of England Primary School",
    "Oakfield High School",
    "Northgate Community School",
    "Hillside Primary Academy",
    "Kings Norton Girls' School",
    "Westfield Infant School",
    "Marsh Lane Nursery School",
)
# Draft, registered, finished: roughly the spread of a real provider's records.
STATE_WEIGHTS = (
    (TraineeState.DRAFT, 14),
    (TraineeState.SUBMITTED_FOR_TRN, 3),
    (TraineeState.TRN_RECEIVED, 40),
    (TraineeState.RECOMMENDED_FOR_AWARD, 12),
    (TraineeState.AWARDED, 16),
    (TraineeState.DEFERRED, 7),
    (TraineeState.WITHDRAWN, 8),
)
PRIMARY_SUBJECTS = (Subject.PRIMARY, Subject.PRIMARY_MATHEMATICS)
SECONDARY_SUBJECTS = tuple(s for s in Subject if s not in (*PRIMARY_SUBJECTS, Subject.EARLY_YEARS))
# Records per demo provider, by provider code: distinct, between 15 and 60.
DEMO_COUNTS = {
    "1RS": 42,
    "2NM": 57,
    "3PL": 23,
    "4KB": 35,
    "5SA": 16,
    "6HI": 60,
    "7FP": 19,
    "8WU": 48,
    "9OA": 29,
}


@dataclass
class DemoTrainee:
    trainee: Trainee
    degrees: list[Degree]


def _course(rng, route):
    if route in EARLY_YEARS_ROUTES:
        return Subject.EARLY_YEARS, AgeRange.ZERO_TO_FIVE, EducationPhase.EARLY_YEARS
    if rng.random() < 0.4:
        age = rng.choice(
            (AgeRange.THREE_TO_SEVEN, AgeRange.FIVE_TO_ELEVEN, AgeRange.SEVEN_TO_ELEVEN)
        )
        return rng.choice(PRIMARY_SUBJECTS), age, EducationPhase.PRIMARY
    age = rng.choice(
        (AgeRange.ELEVEN_TO_SIXTEEN, AgeRange.ELEVEN_TO_NINETEEN, AgeRange.FOURTEEN_TO_NINETEEN)
    )
    return rng.choice(SECONDARY_SUBJECTS), age, EducationPhase.SECONDARY


def build_trainee(rng: random.Random, provider, number: int, today: datetime.date) -> DemoTrainee:
    """One realistic record. ``rng`` makes the result the same on every run."""
    states, weights = zip(*STATE_WEIGHTS, strict=True)
    state = rng.choices(states, weights)[0]
    route = rng.choice(list(TrainingRoute))
    subject, age_range, phase = _course(rng, route)
    start_year = rng.choice((today.year - 3, today.year - 2, today.year - 1, today.year))
    if state in (TraineeState.DRAFT, TraineeState.SUBMITTED_FOR_TRN):
        start_year = max(start_year, today.year - 1)
    start = datetime.date(start_year, 9, 1)
    end = datetime.date(start_year + (2 if route in ROUTES_WITHOUT_DEGREE else 1), 7, 31)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    born = datetime.date(start_year - rng.randint(21, 45), rng.randint(1, 12), rng.randint(1, 28))
    disclosed = rng.random() < 0.8
    disability = rng.choice(list(DisabilityDisclosure)) if disclosed else ""
    trainee = Trainee(
        provider=provider,
        state=state,
        training_route=route,
        first_names=first,
        middle_names=rng.choice(("", "", "", "Marie", "James", "Anne", "Lee")),
        last_name=last,
        date_of_birth=born,
        sex=rng.choice(
            (Sex.FEMALE, Sex.FEMALE, Sex.MALE, Sex.MALE, Sex.OTHER, Sex.PREFER_NOT_TO_SAY)
        ),
        nationality=rng.choice(NATIONALITIES[:8]),
        email=f"{first}.{last}{number}@example.com".lower().replace("'", ""),
        diversity_disclosed=disclosed,
        ethnic_group=rng.choice(list(EthnicGroup)) if disclosed else "",
        disability_disclosure=disability,
        disabilities=[rng.choice(DISABILITIES)[0]]
        if disability == DisabilityDisclosure.YES
        else [],
        course_subject=subject,
        age_range=age_range,
        education_phase=phase,
        study_mode=StudyMode.PART_TIME if rng.random() < 0.2 else StudyMode.FULL_TIME,
        itt_start_date=start,
        itt_end_date=end,
        trainee_id=f"{provider.code}-{number:04d}",
        lead_partner_school=rng.choice(SCHOOLS) if route in ROUTES_WITH_SCHOOLS else "",
        employing_school=rng.choice(SCHOOLS) if route in SALARIED_ROUTES else "",
        funding_type=rng.choice(FUNDING_BY_ROUTE[route]) if route in FUNDING_BY_ROUTE else "",
    )
    complete = state != TraineeState.DRAFT
    for section in (
        "personal_details",
        "contact_details",
        "diversity",
        "course_details",
        "trainee_id",
        "schools",
        "funding",
        "degrees",
    ):
        setattr(trainee, f"{section}_completed", complete or rng.random() < 0.5)
    if state == TraineeState.DRAFT and rng.random() < 0.3:
        trainee.email = ""
        trainee.contact_details_completed = False
    now = timezone.now()
    if state != TraineeState.DRAFT:
        trainee.submitted_at = now - datetime.timedelta(days=rng.randint(30, 600))
    if state == TraineeState.RECOMMENDED_FOR_AWARD or state == TraineeState.AWARDED:
        trainee.recommended_on = min(end, today - datetime.timedelta(days=rng.randint(1, 60)))
    if state == TraineeState.AWARDED:
        trainee.awarded_at = now - datetime.timedelta(days=rng.randint(0, 30))
    if state == TraineeState.DEFERRED:
        trainee.state_before_deferral = TraineeState.TRN_RECEIVED
        trainee.deferred_on = min(today, start + datetime.timedelta(days=rng.randint(30, 200)))
    if state == TraineeState.WITHDRAWN:
        trainee.withdrawn_on = min(today, start + datetime.timedelta(days=rng.randint(30, 200)))
        trainee.withdrawal_reason = rng.choice(list(WithdrawalReason))
        if trainee.withdrawal_reason == WithdrawalReason.OTHER:
            trainee.withdrawal_details = "Moved abroad"
    trainee.search_text = trainee.build_search_text()
    degrees = []
    if route not in ROUTES_WITHOUT_DEGREE:
        degrees.append(
            Degree(
                uk_degree=True,
                subject=rng.choice(DEGREE_SUBJECTS),
                institution=rng.choice(UNIVERSITIES),
                grade=rng.choice(list(DegreeGrade)[:4]),
                graduation_year=start_year - rng.randint(0, 10),
            )
        )
    else:
        trainee.degrees_completed = complete or trainee.degrees_completed
    return DemoTrainee(trainee, degrees)


def seed_trainees(providers, *, created_by=None, seed: int = 2026) -> int:
    """Create each demo provider's trainees that do not exist yet. Returns how many."""
    today = timezone.localdate()
    existing = set(
        Trainee.objects.filter(provider__in=providers.values()).values_list(
            "provider_id", "trainee_id"
        )
    )
    to_create = []
    for code, provider in sorted(providers.items()):
        rng = random.Random(f"{seed}-{code}")
        for number in range(1, DEMO_COUNTS.get(code, 20) + 1):
            demo = build_trainee(rng, provider, number, today)
            if (provider.pk, demo.trainee.trainee_id) not in existing:
                to_create.append(demo)
    registered = [
        d.trainee
        for d in to_create
        if d.trainee.state not in (TraineeState.DRAFT, TraineeState.SUBMITTED_FOR_TRN)
    ]
    for trainee, trn in zip(
        registered, allocate_trns(len(registered)) if registered else [], strict=True
    ):
        trainee.trn = trn
        trainee.trn_received_at = trainee.submitted_at
        trainee.search_text = trainee.build_search_text()
    for demo in to_create:
        demo.trainee.created_by = created_by
    created = bulk_create_with_history(
        [d.trainee for d in to_create],
        Trainee,
        batch_size=500,
        default_user=created_by,
        default_change_reason="Record imported",
    )
    # bulk_create gives every record the same update time; spread them out.
    rng = random.Random(seed)
    now = timezone.now()
    by_key = {(t.provider_id, t.trainee_id): t for t in created}
    for demo in to_create:
        saved = by_key[(demo.trainee.provider_id, demo.trainee.trainee_id)]
        saved.updated_at = now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        for degree in demo.degrees:
            degree.trainee = saved
    Trainee.objects.bulk_update(created, ["updated_at"], batch_size=500)
    degrees = [degree for demo in to_create for degree in demo.degrees]
    bulk_create_with_history(
        degrees,
        Degree,
        batch_size=500,
        default_user=created_by,
        default_change_reason="Record imported",
    )
    recount_trainees()
    return len(created)
