"""Realistic trainee records in bulk, for load and performance testing (seed_scale).

Everything comes from one seeded random generator, so the same arguments always give the
same data. Rows are produced as tuples in the column order of ``TRAINEE_COLUMNS`` so that
PostgreSQL can load them with COPY.
"""

import datetime
import random
import uuid
from dataclasses import dataclass

from demo.trainees import (
    DEGREE_SUBJECTS,
    FIRST_NAMES,
    LAST_NAMES,
    PRIMARY_SUBJECTS,
    SCHOOLS,
    SECONDARY_SUBJECTS,
    UNIVERSITIES,
)
from trainees.constants import (
    EARLY_YEARS_ROUTES,
    FUNDING_BY_ROUTE,
    ROUTES_WITH_SCHOOLS,
    ROUTES_WITHOUT_DEGREE,
    SALARIED_ROUTES,
    AgeRange,
    EducationPhase,
    Subject,
    TraineeState,
    TrainingRoute,
)

PLACES = (
    "Abbey",
    "Ash",
    "Beacon",
    "Birch",
    "Bridge",
    "Brook",
    "Castle",
    "Cedar",
    "Chalk",
    "Cliff",
    "Coast",
    "Copper",
    "Dale",
    "Elm",
    "Fen",
    "Forest",
    "Glen",
    "Granite",
    "Harbour",
    "Heath",
    "Hill",
    "Holly",
    "Lake",
    "Lark",
    "Maple",
    "Marsh",
    "Meadow",
    "Mill",
    "Moor",
    "North",
    "Oak",
    "Orchard",
    "Park",
    "Pine",
    "Quarry",
    "River",
    "Rowan",
    "South",
    "Spring",
    "Stone",
    "Thorn",
    "Vale",
    "Water",
    "Weald",
    "West",
    "Willow",
    "Wold",
    "York",
)
PLACE_ENDINGS = (
    "field",
    "ford",
    "bridge",
    "ton",
    "ley",
    "wood",
    "gate",
    "borough",
    "mouth",
    "bury",
)
PROVIDER_KINDS = (
    "SCITT",
    "Teacher Training Partnership",
    "Teaching School Hub",
    "Schools Alliance",
    "Institute of Education",
    "University",
    "Primary SCITT",
    "Catholic Partnership",
)
SURNAME_STARTS = (
    "Ash",
    "Black",
    "Brad",
    "Brook",
    "Chap",
    "Cole",
    "Crans",
    "Dun",
    "Elling",
    "Fair",
    "Farn",
    "Green",
    "Hales",
    "Hart",
    "Hay",
    "Hol",
    "Kings",
    "Lang",
    "Mar",
    "Mill",
    "Nor",
    "Pem",
    "Red",
    "Rich",
    "Ship",
    "Stan",
    "Thorn",
    "Wake",
    "Wel",
    "Whit",
    "Wood",
    "Yar",
)
SURNAME_ENDS = (
    "worth",
    "burn",
    "ley",
    "ford",
    "field",
    "ton",
    "well",
    "wood",
    "by",
    "ham",
    "cote",
    "bury",
)
COMMON_SURNAMES = LAST_NAMES
ROUTE_WEIGHTS = {
    TrainingRoute.PROVIDER_LED_POSTGRAD: 30,
    TrainingRoute.SCHOOL_DIRECT_FEE_FUNDED: 15,
    TrainingRoute.SCHOOL_DIRECT_SALARIED: 9,
    TrainingRoute.PG_TEACHING_APPRENTICESHIP: 6,
    TrainingRoute.TEACHER_DEGREE_APPRENTICESHIP: 3,
    TrainingRoute.ASSESSMENT_ONLY: 5,
    TrainingRoute.PROVIDER_LED_UNDERGRAD: 12,
    TrainingRoute.EARLY_YEARS_GRADUATE_ENTRY: 8,
    TrainingRoute.EARLY_YEARS_GRADUATE_EMPLOYMENT: 5,
    TrainingRoute.EARLY_YEARS_ASSESSMENT_ONLY: 3,
    TrainingRoute.OPT_IN_UNDERGRAD: 4,
}
SECTION_FLAGS = 8  # the *_completed columns

TRAINEE_COLUMNS = (
    "id",
    "public_id",
    "provider_id",
    "created_by_id",
    "state",
    "state_before_deferral",
    "training_route",
    "first_names",
    "middle_names",
    "last_name",
    "date_of_birth",
    "sex",
    "nationality",
    "email",
    "diversity_disclosed",
    "ethnic_group",
    "ethnic_background",
    "disability_disclosure",
    "disabilities",
    "course_subject",
    "course_subject_two",
    "age_range",
    "education_phase",
    "study_mode",
    "itt_start_date",
    "itt_end_date",
    "trainee_id",
    "lead_partner_school",
    "employing_school",
    "funding_type",
    "personal_details_completed",
    "contact_details_completed",
    "diversity_completed",
    "degrees_completed",
    "course_details_completed",
    "trainee_id_completed",
    "schools_completed",
    "funding_completed",
    "trn",
    "submitted_at",
    "trn_received_at",
    "recommended_on",
    "awarded_at",
    "deferred_on",
    "reinstated_at",
    "withdrawn_on",
    "withdrawal_reason",
    "withdrawal_details",
    "search_text",
    "created_at",
    "updated_at",
    "version",
    "partner_review",
    "partner_comment",
)
DEGREE_COLUMNS = (
    "trainee_id",
    "uk_degree",
    "country",
    "subject",
    "institution",
    "grade",
    "graduation_year",
    "created_at",
)


@dataclass(frozen=True)
class ScaleProvider:
    name: str
    code: str
    ukprn: str
    accreditation_id: str


def provider_code(index: int) -> str:
    """A distinct 3-character code for each index: a digit, then two letters or digits."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f"{index // 1296 % 10}{digits[index // 36 % 36]}{digits[index % 36]}"


def make_providers(count: int, rng: random.Random) -> list[ScaleProvider]:
    names = set()
    providers = []
    for index in range(count):
        while True:
            kind = rng.choice(PROVIDER_KINDS)
            place = rng.choice(PLACES) + rng.choice(PLACE_ENDINGS)
            name = f"University of {place}" if kind == "University" else f"{place} {kind}"
            if name not in names:
                names.add(name)
                break
        is_university = kind in ("University", "Institute of Education")
        providers.append(
            ScaleProvider(
                name=name,
                code=provider_code(index + 100),
                ukprn=f"{10_100_000 + index * 7:08d}",
                accreditation_id=f"{1 if is_university else 5}{index % 1000:03d}",
            )
        )
    return providers


def provider_sizes(total: int, count: int, fixed: dict[int, int], rng: random.Random) -> list[int]:
    """How many trainees each provider gets: ``fixed`` sizes first, the rest shared unevenly."""
    sizes = [0] * count
    for index, size in fixed.items():
        sizes[index] = size
    remaining = total - sum(fixed.values())
    free = [index for index in range(count) if index not in fixed]
    weights = [rng.lognormvariate(0, 0.6) for _ in free]
    scale = remaining / sum(weights)
    for index, weight in zip(free, weights, strict=True):
        sizes[index] = int(weight * scale)
    sizes[free[0]] += total - sum(sizes)  # rounding
    return sizes


def surname(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return rng.choice(COMMON_SURNAMES)
    return rng.choice(SURNAME_STARTS) + rng.choice(SURNAME_ENDS)


class TraineeRows:
    """Generates trainee rows (and their degrees) for one provider at a time."""

    def __init__(self, rng: random.Random, now: datetime.datetime, created_by_id):
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.created_by_id = created_by_id
        self.routes = list(ROUTE_WEIGHTS)
        self.route_weights = list(ROUTE_WEIGHTS.values())
        self.current_year = self.today.year if self.today.month >= 8 else self.today.year - 1

    def state_for(self, start_year: int) -> str:
        rng = self.rng
        years_ago = self.current_year - start_year
        roll = rng.random()
        if years_ago >= 2:  # long finished
            return TraineeState.AWARDED if roll < 0.86 else TraineeState.WITHDRAWN
        if years_ago == 1:
            if roll < 0.55:
                return TraineeState.AWARDED
            if roll < 0.75:
                return TraineeState.RECOMMENDED_FOR_AWARD
            return TraineeState.DEFERRED if roll < 0.85 else TraineeState.WITHDRAWN
        if roll < 0.12:
            return TraineeState.DRAFT
        if roll < 0.14:
            return TraineeState.SUBMITTED_FOR_TRN
        if roll < 0.90:
            return TraineeState.TRN_RECEIVED
        return TraineeState.DEFERRED if roll < 0.96 else TraineeState.WITHDRAWN

    def course(self, route):
        rng = self.rng
        if route in EARLY_YEARS_ROUTES:
            return Subject.EARLY_YEARS, AgeRange.ZERO_TO_FIVE, EducationPhase.EARLY_YEARS
        if rng.random() < 0.4:
            return rng.choice(PRIMARY_SUBJECTS), AgeRange.FIVE_TO_ELEVEN, EducationPhase.PRIMARY
        return rng.choice(SECONDARY_SUBJECTS), AgeRange.ELEVEN_TO_SIXTEEN, EducationPhase.SECONDARY

    def row(self, row_id: int, provider_id: int, code: str, number: int, trn: str | None):
        """One trainee row (with whether it needs a degree, and its start year).

        ``trn`` is used when the record's state has one.
        """
        rng = self.rng
        start_year = self.current_year - min(int(rng.expovariate(0.35)), 11)
        state = self.state_for(start_year)
        route = rng.choices(self.routes, self.route_weights)[0]
        subject, age_range, phase = self.course(route)
        first = rng.choice(FIRST_NAMES)
        last = surname(rng)
        start = datetime.date(start_year, 9, 1)
        end = datetime.date(start_year + (3 if route in ROUTES_WITHOUT_DEGREE else 1), 7, 31)
        created = datetime.datetime(start_year, 6, 1, tzinfo=datetime.UTC) + datetime.timedelta(
            seconds=rng.randint(0, 120 * 86400)
        )
        touched = min(end, self.today) if state != TraineeState.DRAFT else self.today
        updated_day = max(created.date(), touched - datetime.timedelta(days=rng.randint(0, 90)))
        updated = datetime.datetime.combine(
            updated_day,
            datetime.time(rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59)),
            tzinfo=datetime.UTC,
        )
        registered = state not in (TraineeState.DRAFT, TraineeState.SUBMITTED_FOR_TRN)
        trn_value = trn if registered else None
        trainee_id = f"{code}-{number:06d}"
        complete = state != TraineeState.DRAFT
        flags = [complete or rng.random() < 0.5 for _ in range(SECTION_FLAGS)]
        submitted = created + datetime.timedelta(days=rng.randint(1, 60)) if complete else None
        deferred = state == TraineeState.DEFERRED
        withdrawn = state == TraineeState.WITHDRAWN
        recommended = state in (TraineeState.RECOMMENDED_FOR_AWARD, TraineeState.AWARDED)
        search_text = " ".join(
            p for p in (first.lower(), last.lower(), trn_value, trainee_id.lower()) if p
        )
        return (
            (
                row_id,
                uuid.UUID(int=rng.getrandbits(128), version=4),
                provider_id,
                self.created_by_id,
                state,
                TraineeState.TRN_RECEIVED if deferred else "",
                route,
                first,
                "",
                last,
                datetime.date(
                    start_year - rng.randint(21, 45), rng.randint(1, 12), rng.randint(1, 28)
                ),
                rng.choice(("female", "female", "male", "male", "other", "prefer_not_to_say")),
                "British"
                if rng.random() < 0.85
                else rng.choice(("Irish", "Polish", "Indian", "Nigerian")),
                f"{first}.{last}.{number}@example.com".lower().replace("'", ""),
                rng.random() < 0.8,
                rng.choice(
                    ("asian", "black", "mixed", "white", "white", "white", "other", "not_provided")
                ),
                "",
                rng.choice(("no", "no", "no", "yes", "not_provided")),
                "[]",
                subject,
                "",
                age_range,
                phase,
                "part_time" if rng.random() < 0.18 else "full_time",
                start,
                end,
                trainee_id,
                rng.choice(SCHOOLS) if route in ROUTES_WITH_SCHOOLS else "",
                rng.choice(SCHOOLS) if route in SALARIED_ROUTES else "",
                rng.choice(FUNDING_BY_ROUTE[route]) if route in FUNDING_BY_ROUTE else "",
                *flags,
                trn_value,
                submitted,
                submitted if registered else None,
                min(end, self.today) if recommended else None,
                updated if state == TraineeState.AWARDED else None,
                min(self.today, start + datetime.timedelta(days=rng.randint(30, 200)))
                if deferred
                else None,
                None,
                min(self.today, start + datetime.timedelta(days=rng.randint(30, 250)))
                if withdrawn
                else None,
                rng.choice(("personal", "health", "financial", "changed_career"))
                if withdrawn
                else "",
                "",
                search_text,
                created,
                updated,
                1,  # version
                "",  # partner_review: not a partner's draft
                "",  # partner_comment
            ),
            route not in ROUTES_WITHOUT_DEGREE,
            start_year,
        )

    def degree(self, trainee_id: int, start_year: int):
        rng = self.rng
        return (
            trainee_id,
            True,
            "",
            rng.choice(DEGREE_SUBJECTS),
            rng.choice(UNIVERSITIES),
            rng.choice(("first", "upper_second", "upper_second", "lower_second", "third")),
            start_year - rng.randint(0, 8),
            self.now,
        )
