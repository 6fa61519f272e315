"""Forms of campaigns and pledges (the year-end forms live in forms_yearend.py)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput, DecimalInput
from clusters.models import EmulationGroup, Unit, UnitKind

from .models import Authority, Campaign, CampaignKind, Pledge, PledgeItem, ScoringCriterion


class CrispyMixin:
    submit_label = _("Lưu")
    form_tag = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = self.form_tag
        if self.form_tag:
            self.helper.add_input(Submit("submit", self.submit_label))


# --- Campaigns ----------------------------------------------------------------------------------------
class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    authority = forms.ChoiceField(label=_("Cấp phát động"), required=False, choices=[("", _("Mọi cấp"))])
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [("", _("Mọi cấp phát động")), *Authority.choices]
        self.fields["kind"].choices = [("", _("Mọi loại")), *CampaignKind.choices]


class CampaignForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "authority",
            "authority_name",
            "launching_unit",
            "launching_group",
            "kind",
            "legal_basis",
            "start_date",
            "end_date",
            "goals",
            "groups",
            "units",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 5}),
            "groups": forms.SelectMultiple(attrs={"size": 8}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launching_unit"].queryset = Unit.objects.filter(active_to__isnull=True).order_by("name")
        self.fields["groups"].queryset = EmulationGroup.objects.order_by("name")
        self.fields["units"].queryset = (
            Unit.objects.filter(active_to__isnull=True).exclude(kind=UnitKind.BOARD).order_by("name")
        )


# --- Pledges ------------------------------------------------------------------------------------------
class PledgeFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import PledgeStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Mọi trạng thái")), *PledgeStatus.choices]


class PledgeForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["title", "preamble", "place"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 6})}


class PledgeItemForm(CrispyMixin, forms.ModelForm):
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


class TargetForm(forms.Form):
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


class CriterionForm(CrispyMixin, forms.ModelForm):
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
        if data.get("kind") in ("bonus", "penalty") and not (data.get("rule_text") or "").strip():
            self.add_error("rule_text", _("Hãy nêu cách cho điểm thưởng, điểm trừ."))
        return data


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
