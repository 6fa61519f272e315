"""Forms of award records: filter the history, upload a file to import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.uploads import EXCEL

from ..models import AwardType
from .proposals import _small_widgets


class RecordFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _small_widgets(self)

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"),
        required=False,
        queryset=AwardType.objects.order_by("-rank"),
        empty_label=_("Mọi hình thức"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        """An Excel workbook under the upload limit (`clusters.uploads.EXCEL`); its rows are checked after."""
        uploaded = self.cleaned_data["file"]
        EXCEL.check(uploaded)
        return uploaded
