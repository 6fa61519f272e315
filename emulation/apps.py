from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from clusters.dashboard import Link, Page, register_links


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Chu kỳ thi đua")

    def ready(self) -> None:
        # the dashboard panels register themselves on import (clusters.dashboard)
        from .panels import overview, pledges, reminders, reports, signing, statistics  # noqa: F401

        _add_links_to_organisation_pages()
        _register_ballot_reader()
        _register_membership_freeze()


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


def _register_ballot_reader() -> None:
    """Awards' eligibility checks read the ballot's leading unit (Cờ thi đua, Law 2022 Art. 25, 26); awards may not
    import emulation, so emulation hands it the reader. Imported here: models are not ready at import time."""
    from awards.selectors.proposals import register_leading_unit_source

    from .selectors.ballots import leading_unit_vote

    register_leading_unit_source(leading_unit_vote)


def _register_membership_freeze() -> None:
    """A year's members are frozen once its pledge is open or its year end closed; clusters may not import
    emulation, so emulation hands it the check (`clusters.services.groups.register_membership_freeze`)."""
    from clusters.services.groups import register_membership_freeze

    from .selectors.pledges import membership_freeze_reason

    register_membership_freeze(membership_freeze_reason)
