"""Giving another system a service account and its API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Role, Unit, UnitKind
from ..selectors.accounts import account_units
from ..services.tokens import SERVICE_ROLES
from ..web import CrispyMixin, OnceFormMixin


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
            self.fields["board"].queryset = Unit.objects.filter(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL]).order_by(
                "name"
            )
            self.fields["unit"].queryset = Unit.objects.exclude(kind=UnitKind.BOARD).order_by("name")
        else:
            del self.fields["board"]
            board = actor.unit
            units = account_units(board) if board is not None else Unit.objects.none()
            self.fields["unit"].queryset = units.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.STAFF and not data.get("unit"):
            self.add_error("unit", _("Hãy chọn đơn vị của tài khoản dịch vụ."))
        return data
