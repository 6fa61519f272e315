from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Tổ chức thi đua")

    def ready(self) -> None:
        from . import panels, search  # noqa: F401  dashboard panels; THIDUA_FOLD on SQLite (demo)
