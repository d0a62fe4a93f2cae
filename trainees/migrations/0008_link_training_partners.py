"""Link each trainee's free-text lead partner school to a training partner of its provider
where the names match (case and spacing aside); keep the text where none does."""

from django.db import migrations


def normalised(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def link(apps, schema_editor):
    Trainee = apps.get_model("trainees", "Trainee")
    Partnership = apps.get_model("providers", "Partnership")
    partners = {}
    for partnership in Partnership.objects.select_related("training_partner"):
        key = (partnership.accredited_provider_id, normalised(partnership.training_partner.name))
        partners[key] = partnership.training_partner_id
    if not partners:
        return
    unlinked = Trainee.objects.filter(training_partner__isnull=True).exclude(
        lead_partner_school=""
    )
    for trainee in unlinked.only("id", "provider_id", "lead_partner_school").iterator():
        partner_id = partners.get((trainee.provider_id, normalised(trainee.lead_partner_school)))
        if partner_id is not None:
            Trainee.objects.filter(pk=trainee.pk).update(
                training_partner_id=partner_id, lead_partner_school=""
            )


class Migration(migrations.Migration):
    dependencies = [
        ("trainees", "0007_training_partners"),
        ("providers", "0003_roles_and_partnerships"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
