"""The trainee list's indexes, per database (created by migration 0003_list_indexes).

On PostgreSQL each sort order gets a covering index that leads with provider_id and
includes every column the list shows or filters on, so a page is an index-only range scan
per provider; a narrow (provider, state, route) index serves counts and the status and
route filters; names, TRNs and trainee IDs are searched through a trigram index (pg_trgm),
which serves partial words. SQLite, the development database, gets plain composite
indexes and searches by scanning the user's scope. seed_scale drops and recreates them
around a bulk load, which is much faster than maintaining them row by row.
"""

LIST_COLUMNS = "public_id, state, training_route, course_subject, study_mode, itt_start_date, trn"

POSTGRESQL = {
    "trainee_scope_updated": (
        "CREATE INDEX IF NOT EXISTS trainee_scope_updated ON trainees_trainee "
        "(provider_id, updated_at DESC, id DESC) "
        f"INCLUDE ({LIST_COLUMNS}, first_names, last_name)"
    ),
    "trainee_scope_last_name": (
        "CREATE INDEX IF NOT EXISTS trainee_scope_last_name ON trainees_trainee "
        "(provider_id, last_name, first_names, id) "
        f"INCLUDE ({LIST_COLUMNS}, updated_at)"
    ),
    "trainee_scope_state": (
        "CREATE INDEX IF NOT EXISTS trainee_scope_state ON trainees_trainee "
        "(provider_id, state, training_route)"
    ),
    "trainee_search_trgm": (
        "CREATE INDEX IF NOT EXISTS trainee_search_trgm ON trainees_trainee "
        "USING gin (search_text gin_trgm_ops)"
    ),
}
OTHER = {
    "trainee_scope_updated": (
        "CREATE INDEX IF NOT EXISTS trainee_scope_updated ON trainees_trainee "
        "(provider_id, updated_at DESC, id DESC)"
    ),
    "trainee_scope_last_name": (
        "CREATE INDEX IF NOT EXISTS trainee_scope_last_name ON trainees_trainee "
        "(provider_id, last_name, first_names, id)"
    ),
    "trainee_scope_state": (
        "CREATE INDEX IF NOT EXISTS trainee_scope_state ON trainees_trainee "
        "(provider_id, state, training_route)"
    ),
}


def statements_for(vendor: str) -> dict[str, str]:
    return POSTGRESQL if vendor == "postgresql" else OTHER


def create_list_indexes(schema_editor_or_cursor, vendor: str) -> None:
    if vendor == "postgresql":
        schema_editor_or_cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in statements_for(vendor).values():
        schema_editor_or_cursor.execute(statement)


def drop_list_indexes(schema_editor_or_cursor) -> None:
    for name in POSTGRESQL:
        schema_editor_or_cursor.execute(f"DROP INDEX IF EXISTS {name}")
