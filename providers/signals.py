import logging

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from accounts import oidc
from providers import hat
from providers.selectors import providers_for_user

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
