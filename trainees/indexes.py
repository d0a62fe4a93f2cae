"""The trainee list's indexes, per database (created by migrations 0003 and 0010).

On PostgreSQL each sort order gets a covering index that leads with provider_id and
includes every column the list shows or filters on, so a page is an index-only range scan
per provider; a narrow (provider, state, route) index serves counts and the status and
route filters; two partial indexes do the same for the records linked to training
partners; names, TRNs and trainee IDs are searched through a trigram index (pg_trgm),
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
    # The records linked to a training partner, in the list's two orders: its part of the
    # list is an index-only range scan too, not a heap read of every linked record.
    "trainee_partner_updated": (
        "CREATE INDEX IF NOT EXISTS trainee_partner_updated ON trainees_trainee "
        "(training_partner_id, updated_at DESC, id DESC) "
        f"INCLUDE (provider_id, {LIST_COLUMNS}, first_names, last_name) "
        "WHERE training_partner_id IS NOT NULL"
    ),
    "trainee_partner_last_name": (
        "CREATE INDEX IF NOT EXISTS trainee_partner_last_name ON trainees_trainee "
        "(training_partner_id, last_name, first_names, id) "
        f"INCLUDE (provider_id, {LIST_COLUMNS}, updated_at) "
        "WHERE training_partner_id IS NOT NULL"
    ),
}
PARTNER_INDEXES = ("trainee_partner_updated", "trainee_partner_last_name")
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


def create_list_indexes(schema_editor_or_cursor, vendor: str, *, partners: bool = True) -> None:
    """``partners``: the training partners' indexes too (migration 0003 came before the
    column they index)."""
    if vendor == "postgresql":
        schema_editor_or_cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, statement in statements_for(vendor).items():
        if partners or name not in PARTNER_INDEXES:
            schema_editor_or_cursor.execute(statement)


def drop_list_indexes(schema_editor_or_cursor) -> None:
    for name in POSTGRESQL:
        schema_editor_or_cursor.execute(f"DROP INDEX IF EXISTS {name}")
