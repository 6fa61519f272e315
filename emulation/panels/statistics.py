"""Dashboard panel of the statutory statistics: a board's reviewers reach its forms 0601–0605 of the year and the
register of emulation and commendation bodies and staff they count."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import Role


@register
def board_statistics(user):
    """Reviewers at a board: this year's and last year's forms, and the register."""
    if not user.is_authenticated or user.role != Role.REVIEWER or not user.unit_id:
        return None
    year = timezone.localdate().year
    items = [
        PanelItem(
            text=_("Biểu thống kê thi đua, khen thưởng năm %(year)s") % {"year": shown},
            url=reverse("statistics:board", args=[user.unit_id, shown]),
        )
        for shown in (year, year - 1)
    ]
    register_url = reverse("clusters:tdkt_register", args=[user.unit_id])
    items.append(PanelItem(text=_("Sổ cơ quan, cán bộ thi đua, khen thưởng"), url=register_url))
    return Panel(title=_("Thống kê theo Thông tư 02/2023/TT-BNV"), items=items, order=75)
