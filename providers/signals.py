import logging

from allauth.account.signals import user_logged_in
from django.contrib.auth.signals import user_logged_in as signed_in
from django.dispatch import receiver

from accounts import oidc
from providers import hat
from providers.selectors import providers_for_user
from research.events import note
from research.models import Kind

logger = logging.getLogger(__name__)


@receiver(user_logged_in)
def wear_organisation_chosen_at_sign_in(sender, request, user, sociallogin=None, **kwargs):
    """After a sign-in through DfE Sign-in, the organisation chosen there is the hat."""
    if not oidc.is_dfe_sign_in(sociallogin):
        return
    ukprn = oidc.claimed_ukprn(sociallogin)
    if not ukprn:
        return
    providers = providers_for_user(user)
    if hat.wear_organisation_chosen_at_sign_in(request.session, providers, ukprn) is None:
        logger.warning(
            "sign-in claimed an organisation (UKPRN %s) user %s is not a member of: ignored",
            ukprn,
            user.pk,
        )


@receiver(signed_in)
def note_sign_in(sender, request, user, **kwargs):
    """For the usage research, in the model the user now has (the request's provider
    context was worked out before they signed in). Django's signal: every way of signing
    in sends it."""
    if request is not None and hasattr(request, "session"):
        note(
            request,
            Kind.SIGNED_IN,
            user=user,
            organisation=None,
            model=hat.provider_model(request.session, user),
        )
