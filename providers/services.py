"""Writes about providers and memberships."""

import logging

from django.db import transaction

from providers.models import Membership, Provider

logger = logging.getLogger(__name__)


@transaction.atomic
def set_memberships(user, providers: list[Provider], *, changed_by) -> None:
    """Make ``user`` a member of exactly ``providers``."""
    wanted = {provider.pk for provider in providers}
    current = set(Membership.objects.filter(user=user).values_list("provider_id", flat=True))
    Membership.objects.filter(user=user, provider_id__in=current - wanted).delete()
    Membership.objects.bulk_create(
        [Membership(user=user, provider_id=pk) for pk in sorted(wanted - current)]
    )
    logger.info(
        "memberships of user %s set to providers %s by user %s",
        user.pk,
        sorted(wanted),
        changed_by.pk,
    )
