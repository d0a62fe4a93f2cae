from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Trainee records by the million, for the benchmark and the load test (seed_scale)."""

    name = "scale"
    verbose_name = "Data at scale"
