from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.models import EmulationGroup, Person, Unit
from clusters.widgets import QuickSelect

from .models import (
    AttachmentKind,
    AwardType,
    EligibilityStatus,
    Proposal,
    ProposalKind,
    ProposalStatus,
)


class CrispyMixin:
    submit_label = _("Lưu")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_target_display().lower()})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.position or obj.get_category_display()} ({obj.unit.short_name or obj.unit})"


DOSSIER_FIELDS = [
    "kind",
    "source_group",
    "proposal_date",
    "achievements",
    "initiative_level",
    "initiative",
    "discipline_free",
    "council_members",
    "council_votes_for",
    "justification",
]


class ProposalUpdateForm(CrispyMixin, forms.ModelForm):
    """The dossier a unit may edit while the proposal is a draft or returned."""

    class Meta:
        model = Proposal
        fields = DOSSIER_FIELDS
        widgets = {
            "proposal_date": DateInput(),
            "achievements": forms.Textarea(attrs={"rows": 6}),
            "justification": forms.Textarea(attrs={"rows": 3}),
            "discipline_free": forms.NullBooleanSelect(),
        }

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_group"].queryset = EmulationGroup.objects.filter(memberships__unit=unit).distinct()
        self.fields["discipline_free"].widget.choices = [
            ("unknown", _("Chưa xác nhận")),
            ("true", _("Có, không ai bị kỷ luật")),
            ("false", _("Có cá nhân bị kỷ luật")),
        ]


class ProposalCreateForm(ProposalUpdateForm):
    award_type = AwardTypeChoiceField(label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.none())
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    nominee_unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=Unit.objects.none(), required=False)
    nominee_person = PersonChoiceField(label=_("Cá nhân"), queryset=Person.objects.none(), required=False)

    field_order = ["award_type", "year", "nominee_unit", "nominee_person", *DOSSIER_FIELDS]

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, unit=unit, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.order_by("-rank", "name")
        self.fields["nominee_unit"].queryset = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).order_by(
            "parent_id", "name"
        )
        self.fields["nominee_person"].queryset = (
            Person.objects.filter(Q(unit=unit) | Q(unit__parent=unit), is_active=True)
            .select_related("unit")
            .order_by("full_name")
        )
        self.fields["nominee_unit"].help_text = _("Chọn tập thể hoặc cá nhân, không chọn cả hai.")

    def clean(self):
        data = super().clean()
        unit, person = data.get("nominee_unit"), data.get("nominee_person")
        if bool(unit) == bool(person):
            raise forms.ValidationError(_("Chọn đúng một đối tượng: một tập thể hoặc một cá nhân."))
        return data


class SubmissionForm(CrispyMixin, forms.Form):
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


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=100)
    date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), required=False)
    authority = forms.CharField(label=_("Cơ quan, người quyết định"), max_length=255, required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Tệp"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _small_widgets(self)


def _small_widgets(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            widget.__class__ = QuickSelect  # the same HTML, rendered without a template per option
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        elif not isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-control form-control-sm")


def _choices(label, choices):
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=_choices(_("Mọi loại"), ProposalKind.choices))
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"),
        required=False,
        queryset=AwardType.objects.order_by("-rank"),
        empty_label=_("Mọi hình thức"),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), required=False, queryset=Unit.objects.none(), empty_label=_("Mọi đơn vị")
    )
    group = forms.ModelChoiceField(
        label=_("Cụm, khối"),
        required=False,
        queryset=EmulationGroup.objects.order_by("name").only("pk", "name"),  # what the labels show
        empty_label=_("Mọi cụm, khối"),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=_choices(_("Mọi trạng thái"), ProposalStatus.choices)
    )
    eligibility = forms.ChoiceField(
        label=_("Điều kiện"), required=False, choices=_choices(_("Mọi kết quả"), EligibilityStatus.choices)
    )
    late = forms.BooleanField(label=_("Chỉ hồ sơ trình muộn"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        _small_widgets(self)


class RecordFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _small_widgets(self)

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"),
        required=False,
        queryset=AwardType.objects.order_by("-rank"),
        empty_label=_("Mọi hình thức"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        from django.conf import settings

        if uploaded.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn."))
        return uploaded


class FairnessForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
