"""The fairness page's year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.web import TextPolicyMixin


class FairnessForm(TextPolicyMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
