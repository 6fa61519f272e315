"""Dashboard panel of accounts: for boards' administrators (and the system admin), the accounts they manage,
those locked out by failed logins and those deactivated, with the way to the accounts page."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..dashboard import Panel, PanelItem, register
from ..selectors.accounts import account_counts


@register
def accounts(user):
    if not user.has_perm("clusters.manage_accounts"):
        return None
    counts = account_counts(user)
    url = reverse("clusters:account_list")
    items = [PanelItem(text=_("Tài khoản đang quản lý"), badge=str(counts["total"]), url=url)]
    if counts["locked"]:
        items.append(
            PanelItem(
                text=_("Đang bị khóa đăng nhập"),
                badge=str(counts["locked"]),
                url=f"{url}?{urlencode({'locked': 'on'})}",
                level="danger",
            )
        )
    if counts["inactive"]:
        items.append(
            PanelItem(text=_("Đã ngừng"), badge=str(counts["inactive"]), url=f"{url}?{urlencode({'active': '0'})}")
        )
    return Panel(
        title=_("Tài khoản"),
        items=items,
        order=90,
        link_url=reverse("clusters:account_create"),
        link_text=_("Tạo tài khoản"),
    )
