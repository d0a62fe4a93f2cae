"""Writes about providers and memberships."""

import logging

from django.db import transaction

from providers.models import Membership

logger = logging.getLogger(__name__)


@transaction.atomic
def set_memberships(user, roles: dict, *, changed_by) -> None:
    """Make ``user`` a member of exactly the organisations in ``roles`` (organisation →
    role), each in its role. Every change is kept in the memberships' history."""
    wanted = {provider.pk: role for provider, role in roles.items()}
    for membership in Membership.objects.filter(user=user):
        membership._history_user = changed_by
        if membership.provider_id not in wanted:
            membership.delete()
        elif membership.role != wanted[membership.provider_id]:
            membership.role = wanted[membership.provider_id]
            membership.save(update_fields=["role"])
        wanted.pop(membership.provider_id, None)
    for provider_id, role in sorted(wanted.items()):
        membership = Membership(user=user, provider_id=provider_id, role=role)
        membership._history_user = changed_by
        membership.save()
    logger.info(
        "memberships of user %s set to %s by user %s",
        user.pk,
        sorted((provider.pk, role) for provider, role in roles.items()),
        changed_by.pk,
    )
