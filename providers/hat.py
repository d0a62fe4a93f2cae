"""The provider "hat": which provider a user acts for, kept in their session.

Only this module reads or writes the session keys. Views read ``request.provider_context``.
"""

from collections.abc import Sequence

from django.conf import settings
from django.contrib import messages

from providers.context import find_provider
from providers.provider_models import HAT, PROVIDER_MODELS, SPLIT
from research.assignment import assigned_model
from research.events import note
from research.models import Kind

HAT_SESSION_KEY = "providers.active_provider_id"
MODEL_SESSION_KEY = "providers.model_override"


def provider_model(session, user=None) -> str:
    """The user's model: the deployment's, or in split mode the one the user was given
    (research.assignment: no query, the user row is loaded already), unless a
    researcher switched their own session on the scenario page (demo only)."""
    override = session.get(MODEL_SESSION_KEY)
    if settings.DEMO_MODE and override in PROVIDER_MODELS:
        return override
    if settings.PROVIDER_MODEL == SPLIT:
        if user is None or not user.is_authenticated:
            return HAT  # signed out: no records to see, and nothing to compare
        return assigned_model(user)
    return settings.PROVIDER_MODEL


def set_provider_model_override(session, model: str | None) -> None:
    if model is None or model == settings.PROVIDER_MODEL:
        session.pop(MODEL_SESSION_KEY, None)
    elif model in PROVIDER_MODELS:
        session[MODEL_SESSION_KEY] = model
    else:
        raise ValueError(f"unknown provider model {model!r}")


def resolve_active_provider(session, providers: Sequence):
    """The hat, re-checked against the user's live memberships on every request.

    A user with one provider always wears it. A stored id that is not one of the user's
    providers (membership removed, or the session tampered with) is dropped.
    """
    if len(providers) == 1:
        return providers[0]
    stored = session.get(HAT_SESSION_KEY)
    active = find_provider(providers, stored)
    if stored is not None and active is None:
        del session[HAT_SESSION_KEY]
    return active


def put_on_hat(request, provider) -> None:
    context = request.provider_context
    if context.provider(provider.pk) is None:
        raise ValueError("a user can only act for a provider they are a member of")
    request.session[HAT_SESSION_KEY] = provider.pk
    request.provider_context = context.wearing(provider)


def switch_provider(request, provider, *, source: str) -> None:
    """Put on ``provider``'s hat at the user's request, and say so on the next page.

    Every switch is a research event, noted here so that each way of switching (``source``:
    chooser, header, switch_and_continue, stale_form, after_move) says from and to alike.
    """
    was = request.provider_context.active
    put_on_hat(request, provider)
    messages.success(request, f"You are now working on {provider.name}")
    note(
        request,
        Kind.PROVIDER_CHOSEN,
        organisation=provider,
        source=source,
        from_provider=getattr(was, "pk", None),
        to_provider=provider.pk,
    )


def wear_organisation_chosen_at_sign_in(session, providers: Sequence, ukprn: str | None):
    """The identity provider already asked "which organisation?" (DfE Sign-in's
    ``organisation`` claim): put on that provider's hat, if it is one of the user's.

    Returns the provider worn, or None (no claim, or an organisation the user is not a
    member of: memberships are managed here, never taken from the sign-in).
    """
    if not ukprn:
        return None
    chosen = next((provider for provider in providers if provider.ukprn == ukprn), None)
    if chosen is not None:
        session[HAT_SESSION_KEY] = chosen.pk
    return chosen
