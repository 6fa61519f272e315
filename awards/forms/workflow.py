"""Forms of the workflow: the covering submission, comments, the decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin

from ..models import EligibilityStatus, Proposal


class SubmissionForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Trình")
    number = forms.CharField(label=_("Số tờ trình"), max_length=100)
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    body = forms.CharField(label=_("Nội dung tờ trình"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    proposals = forms.ModelMultipleChoiceField(
        label=_("Các đề nghị trình kèm"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đề nghị để trình.")},
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        self.fields["proposals"].label_from_instance = lambda p: (
            f"{p.award_type.name} — {p.nominee_name} ({p.year})"
            + (" · " + str(_("không đạt điều kiện")) if p.eligibility_status == EligibilityStatus.FAILED else "")
        )


class CommentForm(OnceFormMixin, TextPolicyMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OptionalCommentForm(TextPolicyMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )


class DecisionForm(TextPolicyMixin, forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=100)
    date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)
    authority = forms.CharField(label=_("Cơ quan, người quyết định"), max_length=255, required=False)
