"""Dashboard panel of the year-end summary reports: a board's roll-ups of the clusters and blocs it organises."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import Membership, Role


@register
def board_reports(user):
    """Reviewers at a board: the roll-up of every cluster and bloc their board organises, for its latest years."""
    if not user.is_authenticated or user.role != Role.REVIEWER or not user.unit_id:
        return None
    years = (
        Membership.objects.filter(group__organizer_id=user.unit_id, year__lte=timezone.localdate().year)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()[:3]
    )
    items = [
        PanelItem(
            text=_("Báo cáo tổng hợp các cụm, khối năm %(year)s") % {"year": year},
            url=reverse("yearend:rollup_reports", args=[user.unit_id, year]),
        )
        for year in years
    ]
    return Panel(
        title=_("Báo cáo tổng kết của Ban"),
        items=items,
        order=70,
        empty_text=_("Ban chưa tổ chức cụm, khối nào."),
    )
