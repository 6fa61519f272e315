"""Registering a board's receiver of events (webhooks)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Unit, UnitKind, WebhookEvent, WebhookReceiver
from ..web import CrispyMixin, OnceFormMixin, VersionedFormMixin


class ReceiverForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    url = forms.URLField(
        label=_("Địa chỉ nhận (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Địa chỉ https:// của hệ thống nhận (ví dụ nền tảng tích hợp LGSP của tỉnh). Mỗi sự kiện được gửi "
            "bằng POST, nội dung JSON, ký HMAC-SHA256 bằng khóa hiển thị sau khi lưu."
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Sự kiện gửi tới"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookReceiver
        fields = ["board", "name", "url", "events", "is_active"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if actor.is_system_admin and not self.instance.pk:
            self.fields["board"].queryset = Unit.objects.filter(kind=UnitKind.BOARD).order_by("name")
        else:
            del self.fields["board"]
        if not self.instance.pk:
            del self.fields["is_active"]
        else:
            self.initial.setdefault("events", self.instance.events)
