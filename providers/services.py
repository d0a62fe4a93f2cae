"""Writes about providers and memberships.

A provider's team changes through ``invite_member``, ``change_role`` and
``remove_member``: one transaction each, holding the lock on the team's memberships, so
that the rule that a team keeps at least one manager holds even when two managers act at
once. Every change is kept in the memberships' history, with who made it.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import normalise_email
from providers.models import Membership, Role

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


class TeamChangeRefused(Exception):
    """A change to a team that its rules do not allow; the message says why, for the user."""


class AlreadyMember(TeamChangeRefused):
    pass


class AccountClosed(TeamChangeRefused):
    pass


class NoLongerMember(TeamChangeRefused):
    pass


class LastManager(TeamChangeRefused):
    pass


@dataclass(frozen=True)
class Invitation:
    """A new member of a team. ``sets_password``: the account has no password yet, so
    the email they get lets them set one (a new account, or one never used)."""

    membership: Membership
    invited_by: object

    @property
    def sets_password(self) -> bool:
        return not self.membership.user.has_usable_password()


def _lock_team(provider) -> dict[int, Membership]:
    """The provider's memberships as they are now, locked until the transaction ends:
    a second change to the same team waits, then sees the first one's result."""
    locked = Membership.objects.select_for_update().filter(provider=provider).order_by("pk")
    return {membership.pk: membership for membership in locked}


def _ensure_a_manager_remains(team: dict[int, Membership], leaving: Membership) -> None:
    if leaving.role != Role.MANAGE:
        return
    others = [m for m in team.values() if m.role == Role.MANAGE and m.pk != leaving.pk]
    if not others:
        raise LastManager(
            f"{leaving.provider.name} must have at least one team manager. "
            "Make someone else a manager first"
        )


def _ensure_role(role: str) -> None:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")


def _current(team: dict[int, Membership], membership: Membership) -> Membership:
    current = team.get(membership.pk)
    if current is None:
        raise NoLongerMember(f"{membership.user.email} is no longer a member of this team")
    current.provider = membership.provider
    current.user = membership.user
    return current


@transaction.atomic
def invite_member(provider, email: str, role: str, *, invited_by) -> Invitation:
    """Add the person with this email address to ``provider``'s team in ``role``: the
    existing account with that address (in any letter case), or a new one with no
    password, which its owner sets from the invitation email."""
    _ensure_role(role)
    email = normalise_email(email)
    team = _lock_team(provider)
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email__iexact=email, defaults={"email": email, "password": make_password(None)}
    )
    if not user.is_active:
        raise AccountClosed(
            f"The account for {user.email} has been closed. Contact support to reopen it"
        )
    if any(membership.user_id == user.pk for membership in team.values()):
        raise AlreadyMember(f"{user.email} is already a member of this team")
    membership = Membership(user=user, provider=provider, role=role)
    membership._history_user = invited_by
    membership.save()
    logger.info(
        "user %s added to provider %s as %s by user %s (new account: %s)",
        user.pk,
        provider.pk,
        role,
        invited_by.pk,
        created,
    )
    return Invitation(membership=membership, invited_by=invited_by)


@transaction.atomic
def change_role(membership: Membership, role: str, *, changed_by) -> Membership:
    """Give a member another role; the last manager keeps theirs."""
    _ensure_role(role)
    team = _lock_team(membership.provider)
    current = _current(team, membership)
    if current.role == role:
        return current
    if role != Role.MANAGE:
        _ensure_a_manager_remains(team, current)
    previous = current.role
    current.role = role
    current._history_user = changed_by
    current.save(update_fields=["role"])
    logger.info(
        "role of user %s at provider %s changed from %s to %s by user %s",
        current.user_id,
        current.provider_id,
        previous,
        role,
        changed_by.pk,
    )
    return current


@transaction.atomic
def remove_member(membership: Membership, *, removed_by) -> None:
    """Take a member off the team (their account stays); the last manager stays."""
    team = _lock_team(membership.provider)
    current = _current(team, membership)
    _ensure_a_manager_remains(team, current)
    current._history_user = removed_by
    current.delete()
    logger.info(
        "user %s removed from provider %s by user %s",
        current.user_id,
        current.provider_id,
        removed_by.pk,
    )
