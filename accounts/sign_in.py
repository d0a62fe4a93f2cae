"""How people sign in: the deployment's choice, read by settings, views and templates.

Plain values and functions only: settings.py imports this module before Django is set up.
"""

PASSWORD, OIDC = "password", "oidc"
SIGN_IN_METHODS = (PASSWORD, OIDC)

# The identity provider as the service knows it: allauth's app id (in the callback URL,
# /accounts/oidc/dfe-sign-in/login/callback/) and the name on the sign-in button.
PROVIDER_ID = "dfe-sign-in"
PROVIDER_NAME = "DfE Sign-in"
# DfE Sign-in sends the organisation chosen at its own sign-in under this scope and claim.
ORGANISATION_SCOPE = ORGANISATION_CLAIM = "organisation"
OIDC_SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")


def openid_connect_providers(issuer: str, client_id: str, secret: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS for allauth's openid_connect provider: one app, the
    identity provider at ``issuer`` (discovery from its .well-known document)."""
    apps = []
    if issuer and client_id:
        apps.append(
            {
                "provider_id": PROVIDER_ID,
                "name": PROVIDER_NAME,
                "client_id": client_id,
                "secret": secret,
                "settings": {
                    "server_url": issuer.rstrip("/"),
                    "token_auth_method": "client_secret_post",
                    # PKCE as well as the client secret, and the nonce (accounts.oidc).
                    "oauth_pkce_enabled": True,
                },
            }
        )
    return {
        "openid_connect": {
            # Our subclass adds the nonce and always checks the ID token's signature.
            "provider_class": "accounts.oidc.DfESignInProvider",
            "SCOPE": ["openid", "email", "profile", ORGANISATION_SCOPE],
            "APPS": apps,
        }
    }


def uses_oidc() -> bool:
    from django.conf import settings

    return settings.SIGN_IN_METHOD == OIDC
