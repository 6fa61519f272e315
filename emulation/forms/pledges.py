"""Forms of drafting pledges: the list's filters, the pledge, its content items and targets, the scoring table."""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput, DecimalInput
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..models import Campaign, CriterionKind, Pledge, PledgeItem, PledgeStatus, ScoringCriterion
from ..selectors.pledges import campaigns_for_item


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
        fields = ["title", "preamble", "place", "ceremony_date"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 6}), "ceremony_date": DateInput()}
        help_texts = {
            "place": _("Nơi tổ chức lễ ký kết, ví dụ: Buôn Ma Thuột."),
            "ceremony_date": _("Ngày tổ chức lễ ký kết (ngày/tháng/năm), ví dụ 30/03/2023; in trên văn bản."),
        }

    def __init__(self, *args, year: int | None = None, **kwargs):
        """`year`: the pledge's year when creating it (an edited pledge knows its own)."""
        super().__init__(*args, **kwargs)
        self.year = year if year is not None else (self.instance.year if self.instance.pk else None)

    def clean_ceremony_date(self):
        day = self.cleaned_data.get("ceremony_date")
        if day and self.year and not self.year - 1 <= day.year <= self.year:
            raise forms.ValidationError(
                _("Ngày ký kết phải thuộc năm %(year)s hoặc năm %(previous)s.")
                % {"year": self.year, "previous": self.year - 1}
            )
        return day


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
        if self.instance.pledge_id:
            self.fields["campaigns"].queryset = campaigns_for_item(pledge=self.instance.pledge, item=self.instance)
        else:
            running = Q(start_date__year__lte=year) & (Q(end_date__isnull=True) | Q(end_date__year__gte=year))
            self.fields["campaigns"].queryset = Campaign.objects.filter(running).order_by("title")
        self.fields["campaigns"].help_text = _(
            "Các phong trào đang diễn ra trong năm do cụm, khối hoặc Ban Thi đua - Khen thưởng tổ chức cụm, khối "
            "phát động, hoặc cụm, khối tham gia."
        )


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
