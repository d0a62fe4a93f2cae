"""The email a new team member gets, sent through django-allauth's adapter.

With SIGN_IN_METHOD=oidc everyone is told to sign in with DfE Sign-in. Otherwise, someone
without a password yet gets allauth's password reset link (a signed key that
expires after ``PASSWORD_RESET_TIMEOUT`` and stops working once the password is set), so
they set a password and sign in; someone who has one is told where to sign in. The
templates are plain text in templates/providers/email/, rendered like allauth's own
(the first engine in ``TEMPLATES``, Jinja2 here, so they turn autoescaping off).
"""

import logging

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.urls import reverse

from accounts.sign_in import PROVIDER_NAME, uses_oidc

logger = logging.getLogger(__name__)

SETS_PASSWORD = "providers/email/team_invitation"
SIGNS_IN = "providers/email/team_added"


def password_link_lifetime() -> str:
    days, seconds = divmod(settings.PASSWORD_RESET_TIMEOUT, 24 * 60 * 60)
    if days and not seconds:
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def person(user) -> str:
    """A name the recipient can recognise: "Ada Lovelace (ada@example.com)"."""
    name = f"{user.first_name} {user.last_name}".strip()
    return f"{name} ({user.email})" if name else user.email


def send_team_email(request, invitation) -> bool:
    """Tell the new member who added them to which team, and how to sign in.

    Whether or not it can be sent, the membership stays: a failure is logged (by user
    id, without the address) and False tells the manager to let them know another way.
    """
    adapter = get_adapter(request)
    membership = invitation.membership
    user = membership.user
    context = {
        "provider": membership.provider,
        "role": membership.get_role_display(),
        "invited_by": person(invitation.invited_by),
        "sign_in_url": build_absolute_uri(request, reverse("account_login")),
        "support_email": settings.SUPPORT_EMAIL,
        # With DfE Sign-in there are no passwords here: they sign in with their account
        # there, under this email address (accounts.adapter matches it once).
        "identity_provider": PROVIDER_NAME if uses_oidc() else None,
    }
    template = SIGNS_IN
    if invitation.sets_password and not uses_oidc():
        key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
        context["password_url"] = adapter.get_reset_password_from_key_url(key)
        context["password_url_lifetime"] = password_link_lifetime()
        context["new_link_url"] = build_absolute_uri(request, reverse("account_reset_password"))
        template = SETS_PASSWORD
    try:
        adapter.send_mail(template, user.email, context)
    except Exception as error:
        # Any failure counts: a refused connection, a rejected recipient, an API error.
        logger.error(
            "team email could not be sent to user %s (provider %s): %s",
            user.pk,
            membership.provider_id,
            type(error).__name__,
        )
        return False
    return True
