"""Forms of award records: filter the history, upload a file to import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.imports import ExcelUploadForm
from clusters.web import TextPolicyMixin
from clusters.widgets import QuickSelect

from ..models import AwardType
from .proposals import SMALL_INPUT, SMALL_SELECT


class RecordFilterForm(TextPolicyMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100, widget=forms.TextInput(attrs=SMALL_INPUT))
    year = forms.IntegerField(
        label=_("Năm"), required=False, min_value=1945, max_value=2100, widget=forms.NumberInput(attrs=SMALL_INPUT)
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"),
        required=False,
        queryset=AwardType.objects.order_by("-rank"),
        empty_label=_("Mọi hình thức"),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )


class ImportForm(ExcelUploadForm):
    """An Excel workbook of award records to import (`clusters.imports`)."""
