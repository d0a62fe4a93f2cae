import time

from allauth.account.signals import user_logged_in as allauth_user_logged_in
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts import oidc
from accounts.middleware import ACTIVE_AT, SIGNED_IN_AT


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The 12-hour limit counts from each sign-in (Django has just rotated the key)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[ACTIVE_AT] = now


@receiver(allauth_user_logged_in)
def keep_id_token_for_sign_out(sender, request, user, sociallogin=None, **kwargs):
    """Signing out ends the session at the identity provider too, with this sign-in's ID
    token as the hint (accounts.adapter.AccountAdapter.get_logout_redirect_url)."""
    if oidc.is_dfe_sign_in(sociallogin) and getattr(sociallogin, "raw_id_token", ""):
        request.session[oidc.ID_TOKEN_SESSION_KEY] = sociallogin.raw_id_token
