from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The hat from the sign-in's organisation; each sign-in noted for the usage research.
        from providers import signals  # noqa: F401
