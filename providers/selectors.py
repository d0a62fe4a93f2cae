"""Reads about providers that several views share."""

from providers.models import Membership, Provider


def providers_for_user(user) -> list:
    """The organisations a user works for, accredited providers first, then by name, each
    carrying the user's ``role`` there. One query."""
    if not user.is_authenticated:
        return []
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("provider")
        .order_by("provider__kind", "provider__name", "provider__pk")
    )
    providers = []
    for membership in memberships:
        provider = membership.provider
        provider.role = membership.role
        providers.append(provider)
    return providers


def provider_names_of(provider_ids) -> dict[int, str]:
    """Organisations' names by id (one query)."""
    return dict(Provider.objects.filter(pk__in=provider_ids).values_list("pk", "name"))
