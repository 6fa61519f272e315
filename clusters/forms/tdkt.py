"""Forms of the register of emulation and commendation bodies and their staff."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import StaffMember, TdktBody
from ..web import CrispyMixin, OnceFormMixin, VersionedFormMixin


class TdktBodyForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = TdktBody
        fields = ["unit", "level", "form", "established_year"]

    def __init__(self, *args, units=None, **kwargs):
        """`units`: the units the board may register a body on (`clusters.selectors.tdkt.body_unit_choices`)."""
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class StaffMemberForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = ["body", "full_name", "gender", "birth_year", "position", "education", "started_year", "left_year"]
        help_texts = {"full_name": _("Viết đầy đủ theo thứ tự họ, tên đệm, tên, ví dụ: Nguyễn Thị Hoa.")}

    def __init__(self, *args, bodies=None, **kwargs):
        """`bodies`: the bodies of the board's register (`clusters.selectors.tdkt.body_list`)."""
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies

    def clean(self):
        data = super().clean()
        this_year = timezone.localdate().year
        for name in ("birth_year", "started_year", "left_year"):
            if data.get(name) and data[name] > this_year:
                self.add_error(name, _("Năm không được ở tương lai."))
        return data
