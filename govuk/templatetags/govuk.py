from django import template
from django.utils import timezone

from govuk.forms import error_summary_items, format_date

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    """The GOV.UK error summary for the forms on a page, linking each error to its field."""
    return {"items": error_summary_items(*forms)}


@register.filter
def govuk_date(value) -> str:
    """5 January 2027, the GOV.UK style."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return format_date(value)


@register.filter
def govuk_time(value) -> str:
    """5:49pm, the GOV.UK style (midday and midnight as 12pm and 12am)."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{value.hour % 12 or 12}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def page_heading(form, default: str = "") -> str:
    """The page's H1: the label of the form's ``page_heading_field``, else ``default``.

    Pages use it for their title as well, so that the title always matches the H1.
    """
    name = getattr(form, "page_heading_field", None)
    if form is not None and name and name in form.fields:
        return str(form.fields[name].label)
    return default
