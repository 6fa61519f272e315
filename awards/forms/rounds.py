"""Forms of rounds (đợt xét)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.text import YEAR_MAX, YEAR_MIN
from clusters.web import CrispyMixin, OnceFormMixin

from ..models import AwardRound, AwardType, ProposalKind, RoundPurpose


class RoundForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Mở đợt xét")
    title = forms.CharField(label=_("Tên đợt"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=RoundPurpose.choices)
    kind = forms.ChoiceField(label=_("Loại khen thưởng"), choices=ProposalKind.choices, initial=ProposalKind.ANNUAL)
    award_types = forms.ModelMultipleChoiceField(
        label=_("Danh hiệu, hình thức"),
        queryset=AwardType.objects.order_by("-rank", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=AwardRound._meta.get_field("award_types").help_text,
    )
    opens_on = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    due_date = forms.DateField(label=_("Hạn gửi"), widget=DateInput())
    note = forms.CharField(label=_("Căn cứ, ghi chú"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        opens_on, due_date = cleaned.get("opens_on"), cleaned.get("due_date")
        if opens_on and due_date and due_date < opens_on:
            self.add_error("due_date", _("Hạn gửi phải sau ngày bắt đầu."))
        return cleaned
