from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Chu kỳ thi đua")

    def ready(self) -> None:
        from . import (
            panels_pledges,  # noqa: F401  dashboard panels of pledges
            panels_yearend,  # noqa: F401  dashboard panels of the year end
        )
