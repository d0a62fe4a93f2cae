"""Who the signed-in user works for, read once per request: the provider context.

Views read ``request.provider_context``; selectors, services and the access policy take
it (or plain values), never ``request``, so that they can be called and tested without
HTTP.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from providers.provider_models import BLENDED, HAT

VIEW, EDIT, MANAGE = "view", "edit", "manage"  # providers.models.Role's values
EDITING = frozenset({EDIT, MANAGE})
ACCREDITED, TRAINING_PARTNER = "accredited", "training_partner"  # Provider.Kind's values


@dataclass(frozen=True)
class ProviderContext:
    """The user, their organisations (each Provider carries the user's ``role`` there),
    the provider model, and in the hat model the organisation they act for (``active``),
    re-checked against live memberships on every request."""

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
        """A blended user with several providers filters by them and says which one a new
        trainee is for."""
        return self.is_blended and self.has_several_providers

    @property
    def provider_ids(self) -> tuple[int, ...]:
        return tuple(provider.pk for provider in self.providers)

    def provider(self, provider_id):
        """The user's organisation with this id (a string from a form, say); else None."""
        if provider_id is None:
            return None
        return self._by_id.get(str(provider_id).strip())

    @cached_property
    def _by_id(self) -> dict[str, object]:
        # Asked for many times a page (each row's role, each action's check).
        return {str(provider.pk): provider for provider in self.providers}

    def role_at(self, provider_id) -> str | None:
        provider = self.provider(provider_id)
        return getattr(provider, "role", None) if provider is not None else None

    @property
    def in_view(self) -> tuple:
        """The organisations whose records the user sees now: the hat, or all of theirs."""
        if self.is_hat:
            return (self.active,) if self.active is not None else ()
        return self.providers

    @property
    def scope_provider_ids(self) -> tuple[int, ...]:
        """Accredited providers in view: their own records."""
        return tuple(p.pk for p in self.in_view if p.kind == ACCREDITED)

    @property
    def scope_partner_ids(self) -> tuple[int, ...]:
        """Training partners in view: the records linked to them."""
        return tuple(p.pk for p in self.in_view if p.kind == TRAINING_PARTNER)

    def in_scope(self, trainee) -> bool:
        return (
            trainee.provider_id in self.scope_provider_ids
            or trainee.training_partner_id in self.scope_partner_ids
        )

    def member_of_record(self, trainee):
        """The user's organisation through which they see ``trainee``: the hat when it is
        the record's provider or training partner, else its provider, else its training
        partner; None when neither is theirs."""
        if self.active is not None and self.active.pk in (
            trainee.provider_id,
            trainee.training_partner_id,
        ):
            return self.active
        return self.provider(trainee.provider_id) or (
            self.provider(trainee.training_partner_id)
            if trainee.training_partner_id is not None
            else None
        )

    @cached_property
    def drafting_for(self) -> dict[int, tuple]:
        """For each training partner where the user may start drafts (an editing role and
        a partnership that lets the partner draft): the accredited providers it drafts for.

        Read from the memberships (providers.selectors.providers_for_user): no query.
        """
        drafting = {}
        for provider in self.providers:
            if provider.kind != TRAINING_PARTNER or self.role_at(provider.pk) not in EDITING:
                continue
            allowed = [p for p, may_draft in getattr(provider, "partnered_with", ()) if may_draft]
            if allowed:
                drafting[provider.pk] = tuple(allowed)
        return drafting

    @cached_property
    def partner_provider_names(self) -> dict[int, str]:
        """The names of the accredited providers the user's training partners work with:
        the records they see through a partner belong to those providers."""
        return {
            accredited.pk: accredited.name
            for provider in self.providers
            for accredited, _ in getattr(provider, "partnered_with", ())
        }

    def wearing(self, provider) -> "ProviderContext":
        return replace(self, active=provider)


def find_provider(providers: Sequence, provider_id):
    """The provider with this id among ``providers``; None for anything else."""
    if provider_id is None:
        return None
    wanted = str(provider_id).strip()
    return next((provider for provider in providers if str(provider.pk) == wanted), None)
