"""System checks for settings that Django cannot check itself."""

from django.conf import settings
from django.core.checks import Error, register

from accounts.sign_in import OIDC, OIDC_SETTINGS
from providers.provider_models import DEPLOYMENT_MODELS


@register()
def provider_model_is_known(app_configs, **kwargs):
    allowed = DEPLOYMENT_MODELS
    if settings.PROVIDER_MODEL not in allowed:
        return [
            Error(
                f"PROVIDER_MODEL must be one of {allowed}, not {settings.PROVIDER_MODEL!r}.",
                id="register_trainees.E002",
            )
        ]
    return []


@register()
def identity_provider_is_configured(app_configs, **kwargs):
    """SIGN_IN_METHOD=oidc needs the identity provider's issuer, client id and secret."""
    if settings.SIGN_IN_METHOD != OIDC:
        return []
    missing = [name for name in OIDC_SETTINGS if not getattr(settings, name, "")]
    if missing:
        return [
            Error(
                f"SIGN_IN_METHOD is 'oidc' but {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set.",
                hint="Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET in the environment, "
                "or SIGN_IN_METHOD=password.",
                id="register_trainees.E003",
            )
        ]
    return []
