"""Reads about providers and their teams."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, FilteredRelation, Window
from django.db.models.functions import Lag

from providers.models import Membership, Provider, Role


def providers_for_user(user) -> list:
    """The organisations a user works for, accredited providers first, then by name. One
    query, whatever their number.

    Each carries the user's ``role`` there and, for a training partner, ``partnered_with``:
    its accredited providers as ``(provider, partner_may_draft)`` pairs (for an accredited
    provider, an empty tuple).
    """
    if not user.is_authenticated:
        return []
    rows = (
        Membership.objects.filter(user=user)
        .select_related("provider")
        .annotate(
            partnership=FilteredRelation("provider__partnerships_as_partner"),
            partner_of_id=F("partnership__accredited_provider_id"),
            partner_of_name=F("partnership__accredited_provider__name"),
            partner_of_code=F("partnership__accredited_provider__code"),
            partner_may_draft=F("partnership__partner_may_draft"),
        )
        .order_by("provider__kind", "provider__name", "provider__pk", "partner_of_name")
    )
    providers = {}
    for membership in rows:
        provider = providers.get(membership.provider_id)
        if provider is None:
            provider = providers[membership.provider_id] = membership.provider
            provider.role = membership.role
            provider.partnered_with = ()
        if membership.partner_of_id is not None:
            accredited = Provider(
                pk=membership.partner_of_id,
                name=membership.partner_of_name,
                code=membership.partner_of_code,
                kind=Provider.Kind.ACCREDITED,
            )
            provider.partnered_with += ((accredited, membership.partner_may_draft),)
    return list(providers.values())


def provider_names_of(provider_ids) -> dict[int, str]:
    """Organisations' names by id (one query)."""
    return dict(Provider.objects.filter(pk__in=provider_ids).values_list("pk", "name"))


def team_of(provider) -> list:
    """The provider's memberships, each with its user, by email address. One query."""
    return list(
        Membership.objects.filter(provider=provider).select_related("user").order_by("user__email")
    )


def team_membership(provider, membership_id):
    """One membership of the provider's team; None for any other id."""
    return (
        Membership.objects.filter(provider=provider, pk=membership_id)
        .select_related("user", "provider")
        .first()
    )


SERVICE = "Register trainee teachers"  # who made a change no user is recorded for


@dataclass(frozen=True)
class TeamChange:
    when: datetime
    by: str
    what: str


def recent_team_changes(provider, limit: int = 20) -> list[TeamChange]:
    """Who changed the provider's team, when and what, newest first. One query: each
    row carries the role its membership had before (a window over its history)."""
    rows = (
        Membership.history.filter(provider_id=provider.pk)
        .annotate(
            previous_role=Window(
                Lag("role"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .select_related("user", "history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    changes = []
    for row in rows:
        what = _describe(row)
        if what:
            by = row.history_user.get_full_name() if row.history_user else SERVICE
            changes.append(TeamChange(when=row.history_date, by=by, what=what))
    return changes


def _describe(row) -> str:
    member = row.user.get_full_name() if row.user else "A former member"
    role = Role(row.role).label
    if row.history_type == "+":
        return f"Added {member}, role: {role}"
    if row.history_type == "-":
        return f"Removed {member}"
    if row.previous_role and row.previous_role != row.role:
        return f"Changed role of {member} from {Role(row.previous_role).label} to {role}"
    return ""
