"""The providers app's template functions (listed in TEMPLATES' ``globals``).

The provider header works out from the request alone what it shows. It takes nothing
from the page's context, so no view can hide or fake it by passing a variable of the
same name (a view's ``can_change_provider`` once hid its link).
"""

from django.urls import reverse
from jinja2 import pass_context
from markupsafe import Markup

from providers import policy
from providers.guard import FORM_PROVIDER_FIELD

CHOOSER = "providers:choose"


def provider_header_state(request) -> dict | None:
    """What the header shows, or None when there is no hat to show."""
    context = getattr(request, "provider_context", None)
    if context is None or not context.is_hat or context.active is None:
        return None
    chooser = reverse(CHOOSER)
    may_change = context.has_several_providers and request.path != chooser
    return {
        "provider": context.active,
        "change_url": chooser if may_change else "",
        "view_only": policy.is_view_only(context, context.active),
    }


@pass_context
def provider_header(context) -> Markup:
    """The provider the user is working on, with "Change provider" when they have others."""
    header = provider_header_state(context.get("request"))
    template = context.environment.get_template("providers/includes/provider_header.html")
    return Markup(template.render(header=header))


@pass_context
def provider_form_field(context) -> Markup:
    """The hidden field that ties a form to the provider it was drawn for."""
    provider_context = getattr(context.get("request"), "provider_context", None)
    provider = getattr(provider_context, "active", None)
    value = provider.pk if provider is not None else ""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FORM_PROVIDER_FIELD, value)


@pass_context
def can(context, action: str, record=None) -> bool:
    """The access policy, asked by a template: may the user do ``action`` (to ``record``)?"""
    provider_context = getattr(context.get("request"), "provider_context", None)
    return provider_context is not None and policy.can(provider_context, action, record)
