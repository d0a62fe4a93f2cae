"""The trainee list as CSV: exactly the filtered records, safe to open in a spreadsheet."""

from trainees.constants import EARLY_YEARS_ROUTES, StudyMode, Subject, TraineeState, TrainingRoute

EXPORT_HEADERS = (
    "Provider",
    "Provider code",
    "Trainee ID",
    "TRN",
    "First names",
    "Middle names",
    "Last name",
    "Date of birth",
    "Email address",
    "Training route",
    "Subject",
    "ITT start date",
    "ITT end date",
    "Study mode",
    "Status",
    "Last updated",
)
EXPORT_FIELDS = (
    "provider_id",
    "trainee_id",
    "trn",
    "first_names",
    "middle_names",
    "last_name",
    "date_of_birth",
    "email",
    "training_route",
    "course_subject",
    "itt_start_date",
    "itt_end_date",
    "study_mode",
    "state",
    "updated_at",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

ROUTES = dict(TrainingRoute.choices)
SUBJECTS = dict(Subject.choices)
STUDY_MODES = dict(StudyMode.choices)
STATES = dict(TraineeState.choices)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _state(state, route):
    label = STATES.get(state, state)
    return label.replace("QTS", "EYTS") if route in EARLY_YEARS_ROUTES else label


def export_rows(queryset, providers):
    """One list of cells per record, read in chunks so memory stays flat."""
    rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)
    for (
        provider_id,
        trainee_id,
        trn,
        first,
        middle,
        last,
        born,
        email,
        route,
        subject,
        start,
        end,
        mode,
        state,
        updated,
    ) in rows:
        provider = providers.get(provider_id)
        yield [
            safe_cell(value)
            for value in (
                provider.name if provider else "",
                provider.code if provider else "",
                trainee_id,
                trn,
                first,
                middle,
                last,
                born.isoformat() if born else "",
                email,
                ROUTES.get(route, route),
                SUBJECTS.get(subject, subject),
                start.isoformat() if start else "",
                end.isoformat() if end else "",
                STUDY_MODES.get(mode, mode),
                _state(state, route),
                updated.strftime("%Y-%m-%d %H:%M"),
            )
        ]
