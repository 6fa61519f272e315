"""Forms of people."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Person
from ..web import CrispyMixin, OnceFormMixin, VersionedFormMixin


class PersonForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "position", "category", "birth_year", "is_ethnic_minority", "is_active"]

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("Năm sinh không được ở tương lai."))
        return year
