"""The provider header: works out from the request alone what it shows.

It takes nothing from the page's context, so no view can hide or fake it by passing a
variable of the same name (a view's ``can_change_provider`` once hid its link).
"""

from django import template
from django.urls import reverse

from providers.hat import HAT

register = template.Library()

CHOOSER = "providers:choose"


def provider_header_state(request) -> dict | None:
    """What the header shows, or None when there is no hat to show."""
    if request is None or getattr(request, "provider_model", None) != HAT:
        return None
    provider = getattr(request, "active_provider", None)
    if provider is None:
        return None
    chooser = reverse(CHOOSER)
    may_change = len(getattr(request, "user_providers", ())) > 1 and request.path != chooser
    return {"provider": provider, "change_url": chooser if may_change else ""}


@register.inclusion_tag("providers/includes/provider_header.html", takes_context=True)
def provider_header(context):
    return {"header": provider_header_state(context.get("request"))}
