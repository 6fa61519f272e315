from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Tổ chức thi đua")

    def ready(self) -> None:
        from django.urls import register_converter

        from .web import YearConverter

        register_converter(YearConverter, "year")  # before any URL conf is read
        from . import search  # noqa: F401  THIDUA_FOLD on SQLite (demo)
        from .panels import accounts, groups, units  # noqa: F401  the dashboard panels register themselves on import
