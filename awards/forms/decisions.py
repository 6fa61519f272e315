"""Forms of award decisions: the draft (number, date, place, signer, legal grounds), the proposals it grants,
issuing it (the number and date only), revoking it or one of its records."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..models import Decision, Proposal

DRAFT_FIELDS = ["title", "number", "date", "place", "decided_by", "signer_name", "signer_position", "legal_grounds"]
_WIDGETS = {"date": DateInput(), "legal_grounds": forms.Textarea(attrs={"rows": 5})}


class DecisionCreateForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    """A new draft decision; a system administrator chooses its issuing board (a reviewer's is their own)."""

    submit_label = _("Lập dự thảo")

    class Meta:
        model = Decision
        fields = ["authority", *DRAFT_FIELDS]
        widgets = _WIDGETS

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = boards
        if boards.count() == 1:
            self.fields["authority"].initial = boards.first()
            self.fields["authority"].widget = forms.HiddenInput()


class DecisionUpdateForm(VersionedFormMixin, CrispyMixin, forms.ModelForm):
    """A draft's number, date, place, signer and legal grounds."""

    class Meta:
        model = Decision
        fields = DRAFT_FIELDS
        widgets = _WIDGETS


class DecisionProposalsForm(TextPolicyMixin, forms.Form):
    """Proposals to put in the draft (`add`) or take out of it (`remove`)."""

    proposals = forms.ModelMultipleChoiceField(
        label=_("Đề nghị"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đề nghị.")},
    )
    action = forms.ChoiceField(choices=[("add", _("Thêm")), ("remove", _("Bỏ ra"))], widget=forms.HiddenInput())

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals


class DecisionIssueForm(TextPolicyMixin, forms.Form):
    """Issue: the staff type the number and the date; `version` is the set of proposals the page showed."""

    number = forms.CharField(label=_("Số, ký hiệu quyết định"), max_length=100)
    date = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    version = forms.CharField(widget=forms.HiddenInput(), required=False, max_length=64)


class RevocationForm(CrispyMixin, forms.Form):
    """Revoke (thu hồi) a decision or one record: the reason and the revoking decision."""

    submit_label = _("Thu hồi")
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=100)
    date = forms.DateField(label=_("Ngày quyết định thu hồi"), widget=DateInput())
