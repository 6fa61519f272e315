"""Forms of Word templates: upload a new version of one of the board's templates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.web import CrispyMixin, OnceFormMixin

from ..models import TemplateKind


class TemplateUploadForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Tải lên phiên bản mới")
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=TemplateKind.choices)
    file = forms.FileField(label=_("Tệp mẫu Word (.docx)"), widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))
