from django.db import migrations

FIRST_TRN = 3_000_001


def create_counter(apps, schema_editor):
    TrnCounter = apps.get_model("trainees", "TrnCounter")
    TrnCounter.objects.get_or_create(pk=1, defaults={"last_trn": FIRST_TRN - 1})


class Migration(migrations.Migration):
    dependencies = [("trainees", "0001_initial")]

    operations = [migrations.RunPython(create_counter, migrations.RunPython.noop)]
