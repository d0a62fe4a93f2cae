from django import template

from register_trainees.forms import error_summary_items

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms):
    """The GOV.UK error summary for the forms on a page, linking each error to its field."""
    return {"items": error_summary_items(*forms)}
