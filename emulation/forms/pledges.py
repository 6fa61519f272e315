"""Forms of drafting pledges: the list's filters, the pledge, its content items and targets, the scoring table."""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DecimalInput
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..models import Campaign, CriterionKind, Pledge, PledgeItem, PledgeStatus, ScoringCriterion


class PledgeFilterForm(TextPolicyMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Mọi trạng thái")), *PledgeStatus.choices]


class PledgeForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["title", "preamble", "place"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 6})}


class PledgeItemForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    form_tag = False

    class Meta:
        model = PledgeItem
        fields = ["title", "body", "campaigns"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "campaigns": forms.CheckboxSelectMultiple,
        }
        error_messages = {"body": {"required": _("Hãy nhập nội dung.")}}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        running = Q(start_date__year__lte=year) & (Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        linked = Q(pk__in=self.instance.campaigns.values("pk")) if self.instance.pk else Q(pk__in=[])
        self.fields["campaigns"].queryset = Campaign.objects.filter(running | linked).order_by("title")
        self.fields["campaigns"].help_text = _("Các phong trào đang diễn ra trong năm.")


class TargetForm(TextPolicyMixin, forms.Form):
    indicator = forms.CharField(label=_("Chỉ tiêu"), max_length=500)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=50)
    target_value = forms.DecimalField(
        label=_("Giá trị"),
        max_digits=14,
        decimal_places=2,
        widget=DecimalInput(),
        error_messages={"invalid": _("Giá trị chỉ tiêu phải là số, ví dụ 1.234,5.")},
    )


TargetFormSet = forms.formset_factory(TargetForm, extra=2, can_delete=True)


class CriterionForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = ScoringCriterion
        fields = ["section", "code", "title", "max_points", "kind", "rule_text", "order"]
        widgets = {"rule_text": forms.Textarea(attrs={"rows": 3}), "max_points": DecimalInput()}
        help_texts = {
            "section": _("Ví dụ: I. Thực hiện nhiệm vụ chính trị. Các tiêu chí cùng nhóm được gom lại."),
            "rule_text": _("Bắt buộc với điểm thưởng, điểm trừ: nêu rõ cách cộng, trừ điểm."),
            "order": _("Để trống để thêm vào cuối bảng."),
        }

    def __init__(self, *args, pledge: Pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        self.fields["order"].required = False
        if not self.instance.pk:
            self.helper.add_input(
                Submit("add_another", _("Lưu và thêm tiêu chí khác"), css_class="btn-outline-primary")
            )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = ScoringCriterion.objects.filter(pledge=self.pledge, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Mã tiêu chí %(code)s đã có trong bảng điểm.") % {"code": code})
        return code

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") in (CriterionKind.BONUS, CriterionKind.PENALTY)
            and not (data.get("rule_text") or "").strip()
        ):
            self.add_error("rule_text", _("Hãy nêu cách cho điểm thưởng, điểm trừ."))
        return data
