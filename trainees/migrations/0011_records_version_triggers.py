"""Each organisation's ``records_version`` changes with every change to its records
(PostgreSQL), whatever makes it: a service, the admin, a bulk load, raw SQL.

Statement-level triggers with transition tables: one update of the organisations a
statement touched, however many rows it wrote (a bulk COPY included). The new versions
come from a sequence, which a rollback does not wind back, so a version once seen is
never seen again with other records.

The organisations are locked in id order, as trainees.services takes them before a
change, so two transactions changing records of the same organisations wait for each
other instead of deadlocking; FOR NO KEY UPDATE, as an update of a column no key uses,
so that rows which refer to an organisation (a membership, a partnership) can still be
added meanwhile.

On SQLite the versions stay 0 and the list keeps no cache (settings.CACHES["lists"]).
"""

import time

from django.db import migrations

FUNCTION = """
CREATE FUNCTION trainees_bump_records_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
BEGIN
    -- Which organisations the statement touched: each event has its own transition tables.
    IF TG_OP = 'TRUNCATE' THEN
        SELECT array_agg(id) INTO touched FROM providers_provider;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(provider_id) || array_agg(training_partner_id) INTO touched
        FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(provider_id) || array_agg(training_partner_id) INTO touched
        FROM old_rows;
    ELSE
        SELECT array_agg(provider_id) || array_agg(training_partner_id) INTO touched
        FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) AS changed;
    END IF;
    UPDATE providers_provider SET records_version = nextval('trainees_records_version')
    WHERE id IN (
        SELECT id FROM providers_provider WHERE id = ANY (touched)
        ORDER BY id FOR NO KEY UPDATE
    );
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER trainees_records_version_insert AFTER INSERT ON trainees_trainee
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trainees_bump_records_version();
CREATE TRIGGER trainees_records_version_update AFTER UPDATE ON trainees_trainee
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trainees_bump_records_version();
CREATE TRIGGER trainees_records_version_delete AFTER DELETE ON trainees_trainee
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trainees_bump_records_version();
CREATE TRIGGER trainees_records_version_truncate AFTER TRUNCATE ON trainees_trainee
    FOR EACH STATEMENT EXECUTE FUNCTION trainees_bump_records_version();
"""

DROP = """
DROP TRIGGER IF EXISTS trainees_records_version_insert ON trainees_trainee;
DROP TRIGGER IF EXISTS trainees_records_version_update ON trainees_trainee;
DROP TRIGGER IF EXISTS trainees_records_version_delete ON trainees_trainee;
DROP TRIGGER IF EXISTS trainees_records_version_truncate ON trainees_trainee;
DROP FUNCTION IF EXISTS trainees_bump_records_version();
DROP SEQUENCE IF EXISTS trainees_records_version;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Started from the clock, not from 1: undoing this migration and doing it again
        # must not give the versions a running worker has kept pages under.
        schema_editor.execute(
            "CREATE SEQUENCE trainees_records_version START WITH %s"
            % int(time.time() * 1_000_000)
        )
        schema_editor.execute(FUNCTION)
        for statement in filter(str.strip, TRIGGERS.split(";")):
            schema_editor.execute(statement)
        schema_editor.execute(
            "UPDATE providers_provider SET records_version = nextval('trainees_records_version')"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in filter(str.strip, DROP.split(";")):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0010_partner_list_indexes"),
        ("providers", "0006_records_version"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
