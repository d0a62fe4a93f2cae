"""The trainee list as CSV: exactly the filtered records, safe to open in a spreadsheet.

On PostgreSQL the database writes the CSV itself (COPY ... TO STDOUT), labels and
formula guards included, and the response streams its blocks: hundreds of thousands of
rows a second with flat memory. Other databases go through Python's csv module.
"""

import csv
import datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils.text import slugify

from edge.database_waits import longer_statement_timeout
from trainees.constants import (
    EARLY_YEARS_ROUTES,
    ROUTE_LABELS,
    STATE_LABELS,
    STUDY_MODE_LABELS,
    SUBJECT_LABELS,
    state_label,
)

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
# A spreadsheet runs a cell that starts with one of these as a formula: the ASCII signs,
# their full-width forms (＝ ＋ － ＠, which some spreadsheets read as the ASCII ones) and
# the control characters a formula can hide behind.
FORMULA_PREFIXES = (
    "=",
    "+",
    "-",
    "@",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "\t",
    "\r",
    "\n",
)
EXPORT_TIME_ZONE = "Europe/London"


class _Echo:
    def write(self, value):
        return value


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_lines(queryset, providers):
    """The CSV, header first, as an iterable of text blocks."""
    yield "\ufeff" + csv.writer(_Echo()).writerow(EXPORT_HEADERS)
    if connection.vendor == "postgresql":
        yield from postgresql_csv_rows(queryset, providers)
    else:
        yield from python_csv_rows(queryset, providers)


def python_csv_rows(queryset, providers):
    """The rows of the CSV (no header) through Python's csv module: any database."""
    writer = csv.writer(_Echo())
    for row in _python_rows(queryset, providers):
        yield writer.writerow(row)


def _python_rows(queryset, providers):
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
                ROUTE_LABELS.get(route, route),
                SUBJECT_LABELS.get(subject, subject),
                start.isoformat() if start else "",
                end.isoformat() if end else "",
                STUDY_MODE_LABELS.get(mode, mode),
                state_label(state, route),
                updated.strftime("%Y-%m-%d %H:%M"),
            )
        ]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _label(column: str, labels: dict) -> str:
    cases = " ".join(
        f"WHEN {_literal(key)} THEN {_literal(str(value))}" for key, value in labels.items()
    )
    return f"CASE {column} {cases} ELSE {column} END"


def _guarded(expression: str) -> str:
    prefixes = ", ".join(_literal(prefix) for prefix in FORMULA_PREFIXES)
    return (
        f"CASE WHEN left({expression}, 1) IN ({prefixes}) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )


def postgresql_csv_rows(queryset, providers):
    """The rows of the CSV (no header), written by PostgreSQL itself, in blocks of 64 KB."""
    early_years = ", ".join(_literal(str(route)) for route in EARLY_YEARS_ROUTES)
    state = _label("t.state", STATE_LABELS)
    columns = [
        "p.name",
        "p.code",
        "t.trainee_id",
        "COALESCE(t.trn, '')",
        "t.first_names",
        "t.middle_names",
        "t.last_name",
        "COALESCE(to_char(t.date_of_birth, 'YYYY-MM-DD'), '')",
        "t.email",
        _label("t.training_route", ROUTE_LABELS),
        _label("t.course_subject", SUBJECT_LABELS),
        "COALESCE(to_char(t.itt_start_date, 'YYYY-MM-DD'), '')",
        "COALESCE(to_char(t.itt_end_date, 'YYYY-MM-DD'), '')",
        _label("t.study_mode", STUDY_MODE_LABELS),
        f"CASE WHEN t.training_route IN ({early_years}) THEN replace({state}, 'QTS', 'EYTS') "
        f"ELSE {state} END",
        f"to_char(t.updated_at AT TIME ZONE '{EXPORT_TIME_ZONE}', 'YYYY-MM-DD HH24:MI')",
    ]
    inner = queryset.values(*EXPORT_FIELDS, "id")
    order = ", ".join(
        f"t.{field.lstrip('-')} {'DESC' if field.startswith('-') else 'ASC'}"
        for field in queryset.query.order_by
    )
    try:
        inner_sql, params = inner.order_by().query.sql_with_params()
    except EmptyResultSet:  # filters that can match nothing (a foreign provider)
        return
    # Each cell is worked out once (labels, dates), then guarded against formulas.
    labelled = ", ".join(f"{column} AS c{index}" for index, column in enumerate(columns))
    guarded = ", ".join(_guarded(f"c{index}") for index in range(len(columns)))
    select = (
        f"SELECT {guarded} FROM (SELECT {labelled} "
        f"FROM ({inner_sql}) AS t JOIN providers_provider AS p ON p.id = t.provider_id "
        f"ORDER BY {order}) AS cells"
    )
    # Its own transaction, so that the longer bound a large COPY needs ends with it.
    with (
        transaction.atomic(),
        longer_statement_timeout(settings.DB_EXPORT_STATEMENT_TIMEOUT),
        connection.cursor() as cursor,
    ):
        # COPY takes no parameters: let psycopg quote them into the statement.
        statement = cursor.cursor.mogrify(select, params)
        with cursor.cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)") as copy:
            # PostgreSQL sends one message per row: send the client 64 KB at a time.
            buffer, size = [], 0
            for block in copy:
                buffer.append(bytes(block))
                size += len(block)
                if size >= 65536:
                    yield b"".join(buffer).decode("utf-8")
                    buffer, size = [], 0
            if buffer:
                yield b"".join(buffer).decode("utf-8")


def export_filename(providers, day: datetime.date) -> str:
    """Names the scope: the provider when there is one, else how many providers."""
    if len(providers) == 1:
        provider = providers[0]
        return f"{slugify(provider.name)}-{provider.code}-trainees-{day:%Y-%m-%d}.csv"
    return f"trainees-{len(providers)}-providers-{day:%Y-%m-%d}.csv"
