"""Keep each provider's trainee_count in step with its records, in the same transaction.

Every save that creates a record and every deletion goes through here, whatever made it
(a service, a factory, the shell). Moving a record between providers is
trainees.services.change_provider's job; bulk loads call services.recount_trainees.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from providers.models import Provider
from trainees.models import Trainee


@receiver(post_save, sender=Trainee)
def count_new_trainee(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Provider.objects.filter(pk=instance.provider_id).update(
            trainee_count=F("trainee_count") + 1
        )


@receiver(post_delete, sender=Trainee)
def count_deleted_trainee(sender, instance, **kwargs):
    Provider.objects.filter(pk=instance.provider_id, trainee_count__gt=0).update(
        trainee_count=F("trainee_count") - 1
    )
