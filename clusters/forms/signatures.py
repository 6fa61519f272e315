"""Uploading a PDF signed with a digital certificate: kept for a record, or only checked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..uploads import SIGNED_PDF
from ..web import CrispyMixin, OnceFormMixin


class SignedCopyForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Kiểm tra chữ ký số và lưu")

    file = forms.FileField(
        label=_("Tệp PDF đã ký số"),
        help_text=_(
            "Tệp PDF văn bản đã được lãnh đạo ký số bằng chứng thư số (USB token). Hệ thống kiểm tra chữ ký, chứng "
            "thư và tính nguyên vẹn của tệp trước khi lưu."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = SIGNED_PDF.accept


class PdfCheckForm(CrispyMixin, forms.Form):
    submit_label = _("Kiểm tra")

    file = forms.FileField(label=_("Tệp PDF cần kiểm tra"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = SIGNED_PDF.accept
