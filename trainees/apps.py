from django.apps import AppConfig


class TraineesConfig(AppConfig):
    name = "trainees"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect the Timeline's and the trainee counts' signal receivers.
        from trainees import history, signals  # noqa: F401
