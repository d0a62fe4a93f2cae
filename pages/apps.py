from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The service's own content pages (start, accessibility, cookies) and the page
    furniture every layout draws: the service's name, support contact and navigation."""

    name = "pages"
    verbose_name = "Pages"
