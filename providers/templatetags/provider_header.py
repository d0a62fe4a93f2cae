"""The provider header: works out from the request alone what it shows.

It takes nothing from the page's context, so no view can hide or fake it by passing a
variable of the same name (a view's ``can_change_provider`` once hid its link).
"""

from django import template
from django.urls import reverse

register = template.Library()

CHOOSER = "providers:choose"


def provider_header_state(request) -> dict | None:
    """What the header shows, or None when there is no hat to show."""
    context = getattr(request, "provider_context", None)
    if context is None or not context.is_hat or context.active is None:
        return None
    chooser = reverse(CHOOSER)
    may_change = context.has_several_providers and request.path != chooser
    return {"provider": context.active, "change_url": chooser if may_change else ""}


@register.inclusion_tag("providers/includes/provider_header.html", takes_context=True)
def provider_header(context):
    return {"header": provider_header_state(context.get("request"))}
