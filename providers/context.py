"""Who the signed-in user works for, read once per request: the provider context.

Views read ``request.provider_context``; selectors and services take it (or plain
values), never ``request``, so that they can be called and tested without HTTP.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from providers.provider_models import BLENDED, HAT


@dataclass(frozen=True)
class ProviderContext:
    """The user, their providers (by name), the provider model, and in the hat model the
    provider they act for (``active``), re-checked against live memberships."""

    user: object
    providers: tuple = ()
    model: str = HAT
    active: object = None

    @property
    def is_hat(self) -> bool:
        return self.model == HAT

    @property
    def is_blended(self) -> bool:
        return self.model == BLENDED

    @property
    def has_several_providers(self) -> bool:
        return len(self.providers) > 1

    @property
    def chooses_provider(self) -> bool:
        """A blended user with several providers says which one a new trainee is for."""
        return self.is_blended and self.has_several_providers

    @property
    def provider_ids(self) -> tuple[int, ...]:
        return tuple(provider.pk for provider in self.providers)

    @property
    def scope_provider_ids(self) -> tuple[int, ...]:
        """The providers whose records the user sees now: the hat's, or all of theirs."""
        if self.is_hat:
            return (self.active.pk,) if self.active is not None else ()
        return self.provider_ids

    def in_scope(self, provider_id) -> bool:
        return provider_id in self.scope_provider_ids

    def provider(self, provider_id):
        """The user's provider with this id (a string from a form, say); None otherwise."""
        return find_provider(self.providers, provider_id)

    def wearing(self, provider) -> "ProviderContext":
        return replace(self, active=provider)


def find_provider(providers: Sequence, provider_id):
    """The provider with this id among ``providers``; None for anything else."""
    if provider_id is None:
        return None
    wanted = str(provider_id).strip()
    return next((provider for provider in providers if str(provider.pk) == wanted), None)
