from django.apps import AppConfig


class RegisterTraineesConfig(AppConfig):
    """The project itself: settings, URLs, start-up checks, the demo command."""

    name = "register_trainees"
    verbose_name = "Register trainee teachers"

    def ready(self):
        from register_trainees import checks  # noqa: F401
