from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Notes each sign-in for the usage research.
        from providers import signals  # noqa: F401
