from django.apps import AppConfig


class EdgeConfig(AppConfig):
    """What every request meets on its way in and out, whatever the page: the health
    check, security headers, no-store for personal data, the request log, the pages for a
    database that is down or too slow, and the error pages. Knows nothing of trainees or
    providers."""

    name = "edge"
    verbose_name = "Edge of the service"
