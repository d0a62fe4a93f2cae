"""Count each provider's partner drafts to check (providers.Provider.drafts_to_check)."""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    Trainee = apps.get_model("trainees", "Trainee")
    per_provider = (
        Trainee.objects.filter(provider=OuterRef("pk"), state="draft", partner_review="to_check")
        .order_by()
        .values("provider")
        .annotate(n=Count("id"))
        .values("n")
    )
    Provider.objects.update(drafts_to_check=Coalesce(Subquery(per_provider), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0008_link_training_partners"),
        ("providers", "0005_drafts_to_check"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
