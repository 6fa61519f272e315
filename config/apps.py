from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's wiring as an app: its management commands (demo, scale data, benchmark) and deploy checks."""

    name = "config"
    verbose_name = "Thi đua"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  deployment checks (manage.py check --deploy)

        # Sent once per app with models, after all migrations ran (and after each flush of a test database):
        # one of them is enough, and installing is one cheap round trip when nothing is new.
        post_migrate.connect(_track_writes, dispatch_uid="config-pagecache-track-writes")


def _track_writes(sender, using="default", **kwargs) -> None:
    """After every migrate: every table's writes move the page cache's key (config.pagecache)."""
    from django.apps import apps

    if sender is not next(config for config in apps.get_app_configs() if config.models_module is not None):
        return
    from django.db import connections

    from .pagecache import install_write_tracking

    install_write_tracking(connections[using])
