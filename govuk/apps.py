from django.apps import AppConfig


class GovukConfig(AppConfig):
    """The GOV.UK Design System for a Django service: the form renderer and date field,
    the Jinja2 environment with GOV.UK Frontend's macros, and the npm assets finder.

    It knows nothing of this service's domain, so another GOV.UK service can install it
    as it is.
    """

    name = "govuk"
    verbose_name = "GOV.UK Design System"
