"""Reads about providers and their teams."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import F, FilteredRelation, Window
from django.db.models.functions import Lag

from providers.models import Membership, Provider, Role

# Read from every membership row: the organisation (these fields; the others are
# deferred) and, for a training partner, one of its accredited providers.
ORGANISATION_FIELDS = (
    "id",
    "name",
    "code",
    "ukprn",
    "accreditation_id",
    "kind",
    "trainee_count",
    "drafts_to_check",
    "records_version",
)
PARTNER_OF_FIELDS = ("id", "name", "code", "kind")
_USER_PLACEHOLDER = -7_654_321_123


@cache
def _memberships_statement() -> tuple[str, tuple, int]:
    """The memberships query as SQL, compiled by the ORM once per process, and where the
    user's id goes in its parameters. Compiling it on every request was most of the
    provider middleware's time (1.5 of 1.8 ms here)."""
    query = (
        Membership.objects.filter(user_id=_USER_PLACEHOLDER)
        .annotate(partnership=FilteredRelation("provider__partnerships_as_partner"))
        .values_list(
            "role",
            *(f"provider__{name}" for name in ORGANISATION_FIELDS),
            *(f"partnership__accredited_provider__{name}" for name in PARTNER_OF_FIELDS),
            "partnership__partner_may_draft",
        )
        .order_by("provider__kind", "provider__name", "provider__id", "partnership__id")
    )
    sql, params = query.query.sql_with_params()
    return sql, params, params.index(_USER_PLACEHOLDER)


def providers_for_user(user) -> list:
    """The organisations a user works for, accredited providers first, then by name. One
    query, whatever their number.

    Each carries the user's ``role`` there and, for a training partner, ``partnered_with``:
    its accredited providers as ``(provider, partner_may_draft)`` pairs (for an accredited
    provider, an empty tuple).
    """
    if not user.is_authenticated:
        return []
    sql, params, slot = _memberships_statement()
    params = (*params[:slot], user.pk, *params[slot + 1 :])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    organisations = {}
    width = len(ORGANISATION_FIELDS)
    for role, *values in rows:
        organisation, partner_of, may_draft = values[:width], values[width:-1], values[-1]
        provider = organisations.get(organisation[0])
        if provider is None:
            provider = Provider.from_db(DEFAULT_DB_ALIAS, ORGANISATION_FIELDS, organisation)
            provider.role = role
            provider.partnered_with = ()
            organisations[organisation[0]] = provider
        if partner_of[0] is not None:
            accredited = Provider.from_db(DEFAULT_DB_ALIAS, PARTNER_OF_FIELDS, partner_of)
            provider.partnered_with += ((accredited, may_draft),)
    return list(organisations.values())


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
