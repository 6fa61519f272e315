"""Forms of signing pledges: the signature, a signature given on paper, the amendment of a pledge open for signing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.web import CrispyMixin, OnceFormMixin


class SignForm(CrispyMixin, forms.Form):
    submit_label = _("Ký giao ước")

    version = forms.IntegerField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    position = forms.CharField(label=_("Chức vụ người ký"), max_length=150)
    agree = forms.BooleanField(
        label=_("Tôi đã đọc toàn bộ nội dung giao ước và thay mặt đơn vị cam kết thực hiện."),
        error_messages={"required": _("Hãy xác nhận đã đọc và đồng ý với nội dung giao ước.")},
    )
    password = forms.CharField(
        label=_("Nhập lại mật khẩu để ký"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AmendForm(CrispyMixin, forms.Form):
    submit_label = _("Tạo bản sửa đổi")

    reason = forms.CharField(
        label=_("Lý do sửa đổi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Chữ ký đã có của phiên bản hiện tại sẽ bị hủy; các đơn vị phải ký lại phiên bản mới."),
    )


class PaperSignatureForm(OnceFormMixin, CrispyMixin, forms.Form):
    """A member unit's signature given on paper at the ceremony, recorded by the chair unit with the scan."""

    submit_label = _("Ghi nhận chữ ký trên giấy")

    version = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label=_("Đơn vị đã ký"), queryset=None)
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=150)
    position = forms.CharField(label=_("Chức vụ người ký"), max_length=150)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    scan = forms.FileField(
        label=_("Bản quét trang có chữ ký"),
        help_text=_("Tệp PDF hoặc ảnh (PNG, JPG) của trang giao ước đã ký, đóng dấu."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["scan"].widget.attrs["accept"] = ".jpeg,.jpg,.pdf,.png"
