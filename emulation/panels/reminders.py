"""Dashboard panel of the chair unit: the member units that have not signed the open pledge, sent their
self-assessment or voted (names only, never what they voted), each with a button reminding their leaders."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import Role

from ..selectors.reminders import chaired_outstanding


@register
def members_to_remind(user):
    if not user.is_authenticated or user.role not in (Role.STAFF, Role.LEADER) or not user.unit_id:
        return None
    outstanding = chaired_outstanding(user.unit_id)
    if not outstanding:
        return None
    items = [
        PanelItem(
            text=f"{entry.label}: {entry.group.name} — {entry.year}",
            badge=_("%(count)s đơn vị") % {"count": len(entry.units)},
            level="warning",
            detail=", ".join(unit.name for unit in entry.units),
            action_url=reverse("yearend:members_remind", args=[entry.group.pk, entry.year, entry.task]),
            action_text=_("Nhắc lãnh đạo các đơn vị này"),
        )
        for entry in outstanding
    ]
    return Panel(title=_("Đơn vị thành viên chưa hoàn thành"), items=items, order=15)
