"""Reads about providers that several views share."""

from django.db.models import QuerySet

from providers.models import Provider


def providers_for_user(user) -> QuerySet[Provider]:
    """The providers a user works for, by name, in one query."""
    if not user.is_authenticated:
        return Provider.objects.none()
    return Provider.objects.filter(memberships__user=user).order_by("name", "pk")
