"""Indexes for the trainee list, per database: see trainees/indexes.py."""

import django.db.models.deletion
from django.db import migrations, models

from trainees.indexes import create_list_indexes, drop_list_indexes


def create_indexes(apps, schema_editor):
    create_list_indexes(schema_editor, schema_editor.connection.vendor, partners=False)


def drop_indexes(apps, schema_editor):
    drop_list_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0001_initial"),
        ("trainees", "0002_trn_counter"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="trainee", name="trainee_provider_updated"),
        migrations.RemoveIndex(model_name="trainee", name="trainee_provider_last_name"),
        migrations.AlterField(
            model_name="trainee",
            name="provider",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="trainees",
                to="providers.provider",
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
