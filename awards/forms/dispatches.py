"""Forms of khen cao: the outgoing dossier, the central board's outcome per recipient, the unit's own decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin

from ..models import DispatchOutcome, Proposal


class DispatchForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Gửi hồ sơ khen cao lên Trung ương")
    number = forms.CharField(label=_("Số tờ trình"), max_length=100)
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    body = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    proposals = forms.ModelMultipleChoiceField(
        label=_("Các đề nghị gửi kèm"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đề nghị để gửi.")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        self.fields["proposals"].label_from_instance = lambda p: (
            f"{p.award_type.name} — {p.nominee_name} ({p.proposing_unit.name}, {p.year})"
        )


class OutcomeForm(TextPolicyMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=[(DispatchOutcome.GRANTED, DispatchOutcome.GRANTED.label),
                                     (DispatchOutcome.REFUSED, DispatchOutcome.REFUSED.label)]
    )  # fmt: skip
    number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Ghi chú, lý do"), max_length=500, required=False)


class UnitDecisionForm(TextPolicyMixin, forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=100)
    date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)
