"""Dashboard panel of signing pledges: what waits for my unit's signature."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import Role

from ..selectors.signing import open_pledges_for_leader


@register
def pledges_to_sign(user):
    if not user.is_authenticated or user.role != Role.LEADER or not user.unit_id:
        return None
    # The chair signs last: until the others have signed, its item leads to the pledge, not to a form that
    # would refuse it.
    items = [
        PanelItem(
            text=f"{pledge.group.name} — {pledge.year}",
            url=reverse("pledges:detail" if pledge.chair_waits else "pledges:sign", args=[pledge.pk]),
            badge=_("chờ đơn vị khác ký") if pledge.chair_waits else _("chờ ký"),
            level="secondary" if pledge.chair_waits else "danger",
        )
        for pledge in open_pledges_for_leader(user)
    ]
    return Panel(
        title=_("Giao ước chờ đơn vị ký"),
        items=items,
        order=10,
        empty_text=_("Không có giao ước nào chờ đơn vị ký."),
        link_url=reverse("pledges:list"),
        link_text=_("Tất cả giao ước"),
    )
