"""Forms of units: a unit of the registry (all of it for admins, its names for its own staff)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..formats import DateInput
from ..models import Unit, UnitKind
from ..pickers import attach, register
from ..selectors.units import unit_scope
from ..web import CrispyMixin, OnceFormMixin, VersionedFormMixin
from ..widgets import QuickSelect

#: The unit list's filter by kind.
UNIT_KIND_CHOICES = [("", _("Tất cả"))] + UnitKind.choices


@register("units.all", search=("name",), scope=lambda user: unit_scope(user, "pk"))
def all_units(user):
    """Every unit of the registry (a unit's parent or successor, chosen by a system admin)."""
    return Unit.objects.order_by("name", "pk")


class UnitForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "kind",
            "name",
            "short_name",
            "code",
            "parent",
            "active_from",
            "active_to",
            "successor",
            "is_enterprise",
            "is_remote",
        ]
        widgets = {
            "active_from": DateInput,
            "active_to": DateInput,
            "parent": QuickSelect,
            "successor": QuickSelect,
        }

    #: What a unit's own staff may edit; the registry's structure is the admins'.
    OWN_UNIT_FIELDS = ("name", "short_name", "is_enterprise", "is_remote")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = _(
            "Hộ gia đình: chọn xã, phường làm đơn vị cấp trên và ghi tên chủ hộ, ví dụ «Hộ ông Nguyễn Văn A»."
        )
        if user is not None and not user.is_system_admin:
            for name in list(self.fields):
                if name not in self.OWN_UNIT_FIELDS:
                    del self.fields[name]
        for name in ("parent", "successor"):
            if name in self.fields:
                attach(self.fields[name], "units.all", user=user)

    def clean_code(self):
        return self.cleaned_data.get("code") or None
