from django import template
from django.utils.html import format_html

from providers.guard import FORM_PROVIDER_FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def provider_form_field(context):
    """The hidden field that ties a form to the provider it was drawn for."""
    provider_context = getattr(context.get("request"), "provider_context", None)
    provider = getattr(provider_context, "active", None)
    value = provider.pk if provider is not None else ""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_PROVIDER_FIELD, value)
