"""Forms of people."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..formats import DateInput
from ..models import Person
from ..web import CrispyMixin, OnceFormMixin, VersionedFormMixin


class PersonForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "given_name",
            "gender",
            "birth_date",
            "birth_year",
            "position",
            "category",
            "citizen_id",
            "civil_servant_code",
            "is_ethnic_minority",
            "is_active",
        ]
        widgets = {"birth_date": DateInput, "citizen_id": forms.TextInput(attrs={"inputmode": "numeric"})}
        help_texts = {"full_name": _("Viết đầy đủ theo thứ tự họ, tên đệm, tên, ví dụ: Nguyễn Đình Đức.")}

    def clean_birth_date(self):
        born = self.cleaned_data.get("birth_date")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("Ngày sinh không được ở tương lai."))
        return born

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("Năm sinh không được ở tương lai."))
        return year

    def clean(self):
        data = super().clean()
        born, year = data.get("birth_date"), data.get("birth_year")
        if born and year and born.year != year:
            self.add_error("birth_year", _("Năm sinh phải khớp với ngày sinh."))
        return data
