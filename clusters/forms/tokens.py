"""Giving another system a service account and its API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Role, Unit, UnitKind
from ..pickers import attach, register
from ..selectors.accounts import account_units
from ..selectors.units import unit_scope
from ..services.tokens import SERVICE_ROLES
from ..web import CrispyMixin, OnceFormMixin


@register("tokens.boards", search=("name",))
def token_boards(user):
    """The boards a system admin gives a service account to (their names are public)."""
    return Unit.objects.filter(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL]).order_by("name", "pk")


@register("tokens.units", search=("name",), scope=lambda user: unit_scope(user, "pk"))
def token_units(user):
    """The units a service account may act for: any but a board for a system admin, else those whose accounts
    the user's board manages (`account_units`)."""
    if user is not None and user.is_system_admin:
        return Unit.objects.exclude(kind=UnitKind.BOARD).order_by("name", "pk")
    board = user.unit if user is not None else None
    units = account_units(board) if board is not None else Unit.objects.none()
    return units.order_by("name", "pk")


class TokenForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Cấp mã truy cập")

    name = forms.CharField(
        label=_("Tên hệ thống sử dụng"),
        max_length=200,
        help_text=_("Ví dụ: Nền tảng tích hợp LGSP của tỉnh, Cơ sở dữ liệu cán bộ, công chức."),
    )
    board = forms.ModelChoiceField(label=_("Ban Thi đua - Khen thưởng"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Quyền của tài khoản dịch vụ"), choices=list(SERVICE_ROLES.items()))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị (khi tài khoản hoạt động như cán bộ đơn vị)"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Tài khoản đọc và gửi dữ liệu như một cán bộ thi đua của đơn vị này."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if actor.is_system_admin:
            attach(self.fields["board"], "tokens.boards", user=actor)
        else:
            del self.fields["board"]
        attach(self.fields["unit"], "tokens.units", user=actor)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.STAFF and not data.get("unit"):
            self.add_error("unit", _("Hãy chọn đơn vị của tài khoản dịch vụ."))
        return data
