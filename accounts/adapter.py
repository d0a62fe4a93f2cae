import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.base.constants import AuthError
from django.shortcuts import redirect
from django.urls import reverse
from requests import RequestException

from accounts import oidc
from accounts.models import User
from accounts.sign_in import uses_oidc
from accounts.sign_in_pages import SignInProblem, remember_for_access_request, sign_in_failed

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in rules: nobody signs themselves up; support staff create accounts."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter a correct email address and password",
        "account_inactive": "This account has been closed. Contact support if you need access.",
    }

    def is_open_for_signup(self, request):
        return False

    def get_logout_redirect_url(self, request):
        """With DfE Sign-in, sign out there too (RP-initiated logout with the ID token
        of this sign-in), and come back to the signed-out page."""
        if not uses_oidc():
            return super().get_logout_redirect_url(request)
        signed_out = request.build_absolute_uri(reverse("account_signed_out"))
        id_token = request.session.get(oidc.ID_TOKEN_SESSION_KEY)
        if id_token and request.user.is_authenticated:
            return oidc.end_session_url(request, id_token, signed_out) or signed_out
        return signed_out

    def send_password_reset_mail(self, user, email, context):
        # Unknown addresses get no email (ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS is off) and the
        # "check your email" page. A send that fails must end the same way: an error page
        # here would tell anyone that the address has an account. Any failure counts (a
        # refused connection, a rejected recipient, a provider's API error); the log says
        # which, by user id, without the address.
        try:
            super().send_password_reset_mail(user, email, context)
        except Exception as error:
            logger.error(
                "password reset email could not be sent to user %s: %s",
                user.pk,
                type(error).__name__,
            )

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        # "Successfully signed in as ..." tells users nothing they do not see.
        if message_template == "account/messages/logged_in.txt":
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Who may sign in through the identity provider (DfE Sign-in).

    A returning user is found by the provider's subject id (allauth looks it up before
    ``pre_social_login``). A first sign-in is matched once, by verified email address, to
    an existing account, and the subject is stored. Nobody else gets in, and no account
    is ever created by signing in: an unknown person is offered a request for access.
    """

    def pre_social_login(self, request, sociallogin):
        if not oidc.nonce_matches(sociallogin):
            logger.warning("identity provider sign-in refused: the nonce does not match")
            raise ImmediateHttpResponse(sign_in_failed(request, SignInProblem.REFUSED))
        if sociallogin.is_existing:
            return
        claims = oidc.user_claims(sociallogin)
        email = str(claims.get("email") or "").strip()
        verified = any(address.verified for address in sociallogin.email_addresses)
        if email and not verified:
            logger.info("identity provider sign-in refused: email address not verified")
            raise ImmediateHttpResponse(sign_in_failed(request, SignInProblem.UNVERIFIED_EMAIL))
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is None:
            logger.info("identity provider sign-in: no account for this person")
            remember_for_access_request(request, claims)
            raise ImmediateHttpResponse(redirect("account_no_access"))
        if SocialAccount.objects.filter(user=user, provider=sociallogin.account.provider).exists():
            # Another identity at the provider already signs in as this account: two
            # identities are never merged into one account by an email address.
            logger.warning(
                "identity provider sign-in refused: user %s is linked to another subject", user.pk
            )
            raise ImmediateHttpResponse(sign_in_failed(request, SignInProblem.REFUSED))
        if not user.is_active:
            # Closed by support: the subject is not stored, so reopening changes nothing.
            raise ImmediateHttpResponse(redirect("account_inactive"))
        sociallogin.connect(request, user)
        logger.info("identity provider subject stored for user %s", user.pk)

    def is_open_for_signup(self, request, sociallogin):
        return False

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if error == AuthError.CANCELLED:
            problem = SignInProblem.CANCELLED
        elif isinstance(exception, RequestException):
            problem = SignInProblem.UNAVAILABLE
        else:
            problem = SignInProblem.REFUSED
        logger.warning(
            "identity provider sign-in failed: %s (%s)",
            problem.value,
            type(exception).__name__ if exception else error,
        )
        raise ImmediateHttpResponse(sign_in_failed(request, problem))
