"""Which provider model each user gets where the deployment splits them (split mode).

A user's model is stable (a keyed hash of their id: research.keys), RESEARCH_BLENDED_SHARE
of users get the blended model, and staff can pin a user to either in the support admin
(``User.pinned_provider_model``). It needs the user row only, which the request already
has: no query.
"""

from django.conf import settings

from research.keys import assignment_fraction
from research.models import Group


def assigned_model(user) -> str:
    """``hat`` or ``blended`` for this user: their pin, else their hash's side."""
    pinned = getattr(user, "pinned_provider_model", "")
    if pinned in Group.values:
        return pinned
    return drawn_model(user.pk)


def drawn_model(user_id) -> str:
    """The model the hash gives a user id, before any pin."""
    if assignment_fraction(user_id) < settings.RESEARCH_BLENDED_SHARE:
        return Group.BLENDED
    return Group.HAT
