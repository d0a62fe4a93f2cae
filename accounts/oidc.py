"""DfE Sign-in through django-allauth's openid_connect provider, with two checks added.

allauth's provider does the protocol (discovery, state, PKCE, the code exchange, the ID
token's issuer, audience and expiry). It sends no ``nonce`` and, when the ID token comes
straight from the token endpoint, skips its signature. This subclass sends a nonce and
keeps it in allauth's state (the adapter compares it with the ID token's, see
accounts.adapter), and always checks the signature against the provider's keys.
"""

import logging

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.core.exceptions import ObjectDoesNotExist
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.http import urlencode
from requests import RequestException

from accounts.sign_in import ORGANISATION_CLAIM, PROVIDER_ID

logger = logging.getLogger(__name__)

NONCE_LENGTH = 32
# The raw ID token of this sign-in, sent back as id_token_hint when signing out.
ID_TOKEN_SESSION_KEY = "accounts.oidc_id_token"


class DfESignInAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        # Not saved with the account: kept on this sign-in only, for signing out.
        login.raw_id_token = kwargs["response"].get("id_token", "")
        return login

    def _decode_id_token(self, app, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


class DfESignInProvider(OpenIDConnectProvider):
    oauth2_adapter_class = DfESignInAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(NONCE_LENGTH)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        # Extra keyword arguments are stashed in allauth's state for the callback.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


def id_token_claims(sociallogin) -> dict:
    return (sociallogin.account.extra_data or {}).get("id_token") or {}


def user_claims(sociallogin) -> dict:
    """What the provider says about the person: userinfo, else the ID token."""
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or {}


def nonce_matches(sociallogin) -> bool:
    sent = (sociallogin.state or {}).get("nonce") or ""
    received = id_token_claims(sociallogin).get("nonce") or ""
    return bool(sent) and constant_time_compare(sent, received)


def claimed_ukprn(sociallogin) -> str | None:
    """The UKPRN of the organisation chosen at DfE Sign-in's own sign-in, if it sent one."""
    organisation = user_claims(sociallogin).get(ORGANISATION_CLAIM)
    if not isinstance(organisation, dict):
        return None
    ukprn = str(organisation.get("ukprn") or "").strip()
    return ukprn or None


def is_dfe_sign_in(sociallogin) -> bool:
    return sociallogin is not None and sociallogin.account.provider == PROVIDER_ID


def end_session_url(request, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The identity provider's sign-out address (RP-initiated logout), or None when it
    cannot be found (the provider is down: the session here has ended all the same)."""
    adapter = get_adapter(request)
    try:
        provider = adapter.get_provider(request, PROVIDER_ID)
        config = DfESignInAdapter(request, PROVIDER_ID).openid_config
    except (RequestException, ValueError, ObjectDoesNotExist) as error:
        logger.warning("identity provider sign-out not found: %s", type(error).__name__)
        return None
    endpoint = config.get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": provider.app.client_id,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
