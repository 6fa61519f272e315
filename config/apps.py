from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's wiring as an app: its management commands (demo, scale data, benchmark) and deploy checks."""

    name = "config"
    verbose_name = "Thi đua"

    def ready(self) -> None:
        from . import checks  # noqa: F401  deployment checks (manage.py check --deploy)
