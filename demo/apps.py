from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and persona sign-in, for research sessions, demos and development.

    Installed only when DEMO_MODE is on (register_trainees.settings): a production
    deployment has neither its published password nor its one-click sign-in.
    """

    name = "demo"
    verbose_name = "Demo data"
