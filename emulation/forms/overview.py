"""Forms of the year-end overview: the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.web import TextPolicyMixin


class OverviewFilterForm(TextPolicyMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
