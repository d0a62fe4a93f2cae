"""Create the database cache's table, so that `migrate` alone prepares a database.

Rate limits live in the cache and must be shared by every worker (see CACHES in
settings.py). The command does nothing when no database cache is configured.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
