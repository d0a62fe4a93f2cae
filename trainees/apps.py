from django.apps import AppConfig


class TraineesConfig(AppConfig):
    name = "trainees"
    default_auto_field = "django.db.models.BigAutoField"
