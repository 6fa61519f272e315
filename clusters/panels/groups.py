"""Dashboard panels of clusters and blocs: a unit's own groups, the groups a board organises."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..dashboard import Panel, PanelItem, register
from ..models import EmulationGroup, MemberRole, Membership, Role


@register
def my_groups(user):
    if not user.unit_id or user.role not in (Role.STAFF, Role.LEADER):
        return None
    own = Membership.objects.filter(unit_id=user.unit_id, year__lte=timezone.localdate().year + 1)
    latest_years = list(own.order_by("-year").values_list("year", flat=True).distinct()[:2])
    memberships = own.filter(year__in=latest_years).select_related("group").order_by("-year", "group__name")
    items = []
    for m in memberships:
        badge = m.get_role_display() if m.role != MemberRole.MEMBER else ""
        items.append(
            PanelItem(
                text=f"{m.group.name} ({m.year})",
                badge=badge,
                level="danger",
                url=reverse("clusters:group_year", args=[m.group_id, m.year]),
            )
        )
    return Panel(
        title=_("Cụm, khối của đơn vị"),
        items=items,
        order=90,
        empty_text=_("Đơn vị chưa tham gia cụm, khối nào."),
    )


@register
def organised_groups(user):
    if user.role != Role.REVIEWER or not user.unit_id:
        return None
    year = timezone.localdate().year
    groups = EmulationGroup.objects.filter(organizer_id=user.unit_id).order_by("name")
    missing_chair = set(
        groups.exclude(memberships__year=year, memberships__role=MemberRole.CHAIR).values_list("pk", flat=True)
    )
    items = [
        PanelItem(
            text=group.name,
            url=group.get_absolute_url(),
            badge=_("chưa có trưởng năm %(year)s") % {"year": year} if group.pk in missing_chair else "",
            level="warning",
        )
        for group in groups[:20]
    ]
    return Panel(
        title=_("Cụm, khối do Ban tổ chức"),
        items=items,
        order=80,
        link_url=reverse("clusters:group_list"),
        link_text=_("Tất cả cụm, khối"),
    )
