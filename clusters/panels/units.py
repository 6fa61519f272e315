"""Dashboard panels of units: the registry's counts for system admins."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ..dashboard import Panel, PanelItem, register
from ..models import EmulationGroup, Unit


@register
def registry_counts(user):
    if not user.is_system_admin:
        return None
    items = [
        PanelItem(
            text=_("Đơn vị đang hoạt động"),
            badge=str(Unit.objects.filter(active_to__isnull=True).count()),
            url=reverse("clusters:unit_list"),
        ),
        PanelItem(
            text=_("Cụm, khối thi đua"), badge=str(EmulationGroup.objects.count()), url=reverse("clusters:group_list")
        ),
    ]
    return Panel(title=_("Danh mục"), items=items, order=95)
