"""Dashboard panel of drafting pledges: what the chair unit has to move forward."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import MemberRole, Membership, Role

from ..models import Pledge, PledgeStatus


@register
def pledges_of_my_chair(user):
    """For the chair unit's staff and leader: the pledges of the groups it chairs, still in draft or signing."""
    if not user.is_authenticated or user.role not in (Role.STAFF, Role.LEADER) or not user.unit_id:
        return None
    # the current terms only (the unit's latest year and the one before): a pledge never drafted years ago is
    # history, not something to do now
    own = Membership.objects.filter(unit_id=user.unit_id, year__lte=timezone.localdate().year + 1)
    latest = own.aggregate(latest=Max("year"))["latest"]
    if latest is None:
        return None
    chaired = list(
        own.filter(role=MemberRole.CHAIR, year__gte=latest - 1).select_related("group").order_by("-year")[:5]
    )
    if not chaired:
        return None
    pledges = {
        (p.group_id, p.year): p
        for p in Pledge.objects.filter(group_id__in=[m.group_id for m in chaired]).select_related("group")
    }
    items = []
    for membership in chaired:
        pledge = pledges.get((membership.group_id, membership.year))
        if pledge is None:
            items.append(
                PanelItem(
                    text=f"{membership.group.name} — {membership.year}",
                    url=reverse("pledges:group_year", args=[membership.group_id, membership.year]),
                    badge=_("chưa soạn giao ước"),
                    level="warning",
                )
            )
        elif pledge.status != PledgeStatus.SIGNED:
            items.append(
                PanelItem(
                    text=f"{membership.group.name} — {membership.year}",
                    url=pledge.get_absolute_url(),
                    badge=pledge.get_status_display(),
                    level="warning" if pledge.status == PledgeStatus.OPEN else "secondary",
                )
            )
    return Panel(
        title=_("Giao ước của cụm, khối đơn vị làm trưởng"),
        items=items,
        order=15,
        empty_text=_("Các giao ước đã ký kết xong."),
    )
