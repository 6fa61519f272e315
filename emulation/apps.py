from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from clusters.dashboard import Link, Page, register_links


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Chu kỳ thi đua")

    def ready(self) -> None:
        # the dashboard panels register themselves on import (clusters.dashboard)
        from .panels import overview, pledges, reports, signing  # noqa: F401

        _add_links_to_organisation_pages()


def _add_links_to_organisation_pages() -> None:
    """The pledge, scoring, ballot and report links on a group's year page (clusters.dashboard)."""
    pledge = Link(_("Giao ước thi đua năm %(year)s"), "pledges:group_year", style="danger")
    register_links(Page.GROUP_YEAR, testid="group-year-pledge", links=[pledge], order=10)
    year_end = [
        Link(_("Chấm điểm, xếp hạng"), "yearend:scoring"),
        Link(_("Bình xét, bỏ phiếu"), "yearend:ballot"),
        Link(_("Báo cáo tổng kết"), "yearend:reports"),
    ]
    register_links(Page.GROUP_YEAR, testid="group-year-yearend", links=year_end, order=20)
