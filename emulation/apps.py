from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Chu kỳ thi đua")

    def ready(self) -> None:
        # the dashboard panels register themselves on import (clusters.dashboard)
        from .panels import overview, pledges, reports, signing  # noqa: F401
