"""System checks for settings that Django cannot check itself."""

from django.conf import settings
from django.core.checks import Error, register

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
