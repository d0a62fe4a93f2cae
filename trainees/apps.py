from django.apps import AppConfig


class TraineesConfig(AppConfig):
    name = "trainees"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from trainees import history  # noqa: F401  (connects the Timeline's signal receiver)
