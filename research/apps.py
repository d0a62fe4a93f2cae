from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Usage research"
    default_auto_field = "django.db.models.BigAutoField"
