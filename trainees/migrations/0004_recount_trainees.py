from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def recount(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Trainee = apps.get_model("trainees", "Trainee")
    per_provider = (
        Trainee.objects.filter(provider=OuterRef("pk"))
        .order_by()
        .values("provider")
        .annotate(n=Count("id"))
        .values("n")
    )
    Provider.objects.update(trainee_count=Coalesce(Subquery(per_provider), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0002_trainee_count"),
        ("trainees", "0003_list_indexes"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
