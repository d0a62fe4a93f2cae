from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from providers import signals  # noqa: F401  (the hat from the sign-in's organisation)
