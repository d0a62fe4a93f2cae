"""Covering indexes for training partners' part of the list (PostgreSQL): see
trainees/indexes.py."""

from django.db import migrations

from trainees.indexes import PARTNER_INDEXES, POSTGRESQL


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in PARTNER_INDEXES:
            schema_editor.execute(POSTGRESQL[name])


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in PARTNER_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("trainees", "0009_count_drafts_to_check")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
