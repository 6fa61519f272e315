"""Forms of proposals: draft and edit the dossier, attach documents, filter the lists."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.models import EmulationGroup, Person, Unit
from clusters.names import name_order
from clusters.pickers import attach, register
from clusters.selectors.units import unit_scope
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin
from clusters.widgets import QuickSelect

from ..models import (
    AttachmentKind,
    AwardType,
    EligibilityStatus,
    Proposal,
    ProposalKind,
    ProposalStatus,
    RecipientCategory,
)
from ..selectors.initiatives import person_initiatives
from ..selectors.proposals import proposing_units as units_proposing
from ..selectors.proposals import recipient_category_for

#: The small controls of the filter bars and the attachment form.
SMALL_INPUT = {"class": "form-control form-control-sm"}
SMALL_SELECT = {"class": "form-select form-select-sm"}


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_target_display().lower()})"


class InitiativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {obj.get_scope_display()}, {obj.decision_number} ({obj.decision_date:%d/%m/%Y})"


def person_label(obj) -> str:
    """A person among the nominees: name, position (or category) and unit."""
    return f"{obj.full_name} — {obj.position or obj.get_category_display()} ({obj.unit.short_name or obj.unit})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


@register("nominees.units", search=("name",), scope=lambda user: unit_scope(user, "pk"))
def nominee_units(user, *, unit: int):
    """A proposal's or dossier's collectives and households: the proposing unit and the units right under it."""
    return Unit.objects.filter(Q(pk=unit) | Q(parent=unit)).order_by("parent_id", "name", "pk")


@register("nominees.people", search=("full_name",), scope=lambda user: unit_scope(user, "unit"), label=person_label)
def nominee_people(user, *, unit: int):
    """A proposal's or dossier's people: the active people of the proposing unit and of the units right under it."""
    units = Unit.objects.filter(Q(pk=unit) | Q(parent=unit)).values("pk")  # a subquery the person's unit index answers
    people = Person.objects.filter(unit__in=units, is_active=True).select_related("unit")
    return people.order_by(*name_order())


DOSSIER_FIELDS = [
    "kind",
    "recipient_category",
    "service_years",
    "nationality",
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


def category_choices(field) -> None:
    """The recipient category's choices, the empty one meaning "from the nominee's register entry"."""
    field.choices = [
        ("", _("Theo danh mục (tập thể, hộ gia đình, doanh nghiệp, người lao động…)")),
        *RecipientCategory.choices,
    ]
    field.help_text = _("Để trống: lấy theo danh mục đơn vị, cá nhân. Cá nhân là lãnh đạo, quản lý: chọn cấp lãnh đạo.")


def check_category(form, *, unit: Unit | None, person: Person | None) -> None:
    """The recipient category the proposer chose (or the register's), checked against the nominee; a leader's
    level required (the register does not hold it): the error under the field, in Vietnamese."""
    if unit is None and person is None:
        return
    try:
        form.cleaned_data["recipient_category"] = recipient_category_for(
            category=form.cleaned_data.get("recipient_category") or "",
            nominee_unit=unit,
            nominee_person=person,
            required=True,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error("recipient_category", message)


def check_kind_details(form) -> None:
    """What a kind needs from the proposer: the years of service of niên hạn, a foreign nominee's nationality for
    đối ngoại (their absence elsewhere: the service and the model's constraints)."""
    data, kind = form.cleaned_data, form.cleaned_data.get("kind")
    if kind == ProposalKind.SENIORITY and not data.get("service_years"):
        form.add_error("service_years", _("Khen thưởng theo niên hạn: ghi số năm công tác."))
    if kind == ProposalKind.FOREIGN and not (data.get("nationality") or "").strip():
        form.add_error("nationality", _("Khen thưởng đối ngoại: ghi quốc tịch của đối tượng."))


class ProposalUpdateForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
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
        category_choices(self.fields["recipient_category"])
        self.fields["service_years"].label = _("Số năm công tác (chỉ cho niên hạn, cống hiến)")
        self.fields["nationality"].label = _("Quốc tịch (chỉ cho khen thưởng đối ngoại)")
        self.fields["discipline_free"].widget.choices = [
            ("unknown", _("Chưa xác nhận")),
            ("true", _("Có, không ai bị kỷ luật")),
            ("false", _("Có cá nhân bị kỷ luật")),
        ]
        self.fields["council_members"].help_text = _(
            "Chỉ nhập khi Hội đồng đã họp ngoài hệ thống (hồ sơ cũ). Khi Hội đồng bỏ phiếu trong hệ thống, kết quả "
            "phiên họp đã kết thúc được dùng thay số nhập tay."
        )
        # The nominee's recognised initiatives from the register (issue 19 item 2): the Chiến sĩ thi đua rules
        # read these, not the declared level. Offered once the proposal names its nominee (editing it).
        nominee = self.instance.nominee_person if self.instance.pk and self.instance.nominee_person_id else None
        if nominee is not None and (person_initiatives(nominee).exists() or self.instance.initiative_links.exists()):
            self.fields["initiatives"] = InitiativeChoiceField(
                label=_("Sáng kiến, đề tài đã được công nhận (trong sổ sáng kiến)"),
                queryset=person_initiatives(nominee),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=list(self.instance.initiative_links.values_list("initiative_id", flat=True)),
                help_text=_(
                    "Các sáng kiến mà %(p)s là tác giả. Điều kiện sáng kiến của danh hiệu Chiến sĩ thi đua được xét "
                    "theo phạm vi ảnh hưởng và ngày công nhận của sáng kiến được chọn."
                )
                % {"p": nominee.full_name},
            )

    def clean(self):
        data = super().clean()
        check_kind_details(self)
        if self.instance.pk is not None:  # an edit: the nominee is the proposal's
            check_category(self, unit=self.instance.nominee_unit, person=self.instance.nominee_person)
        return data


class ProposalCreateForm(ProposalUpdateForm):
    award_type = AwardTypeChoiceField(label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.none())
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    nominee_unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=Unit.objects.none(), required=False)
    nominee_person = PersonChoiceField(label=_("Cá nhân"), queryset=Person.objects.none(), required=False)

    field_order = ["award_type", "year", "nominee_unit", "nominee_person", *DOSSIER_FIELDS]

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, unit=unit, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.order_by("-rank", "name")
        attach(self.fields["nominee_unit"], "nominees.units", unit=unit.pk)
        attach(self.fields["nominee_person"], "nominees.people", unit=unit.pk)
        self.fields["nominee_unit"].help_text = _("Chọn tập thể hoặc cá nhân, không chọn cả hai.")

    def clean(self):
        data = super().clean()
        unit, person = data.get("nominee_unit"), data.get("nominee_person")
        if bool(unit) == bool(person):
            raise forms.ValidationError(_("Chọn đúng một đối tượng: một tập thể hoặc một cá nhân."))
        check_category(self, unit=unit, person=person)
        return data


class AttachmentForm(OnceFormMixin, TextPolicyMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"), choices=AttachmentKind.choices, widget=QuickSelect(attrs=SMALL_SELECT)
    )
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs=SMALL_INPUT))


def _choices(label, choices):
    return [("", label), *choices]


@register("proposals.units", search=("name",))
def proposing_units(user):
    """The units proposing a proposal `user` reads (`readable_proposals`), with only what their labels show
    (Unit.__str__)."""
    return units_proposing(user).order_by("name", "pk").only("pk", "name", "active_to", "successor_id")


@register("proposals.groups", search=("name",))
def source_groups(user=None):
    """Every cluster and bloc, by name, with only what their labels show (1,500 at scale 10: searched then)."""
    return EmulationGroup.objects.order_by("name", "pk").only("pk", "name")


class QueueFilterForm(TextPolicyMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100, widget=forms.TextInput(attrs=SMALL_INPUT))
    year = forms.IntegerField(
        label=_("Năm"), required=False, min_value=1945, max_value=2100, widget=forms.NumberInput(attrs=SMALL_INPUT)
    )
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=_choices(_("Mọi loại"), ProposalKind.choices),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức"),
        required=False,
        queryset=AwardType.objects.order_by("-rank"),
        empty_label=_("Mọi hình thức"),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Mọi đơn vị"),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    group = forms.ModelChoiceField(
        label=_("Cụm, khối"),
        required=False,
        queryset=EmulationGroup.objects.none(),
        empty_label=_("Mọi cụm, khối"),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    category = forms.ChoiceField(
        label=_("Phân loại đối tượng"),
        required=False,
        choices=_choices(_("Mọi đối tượng"), RecipientCategory.choices),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=_choices(_("Mọi trạng thái"), ProposalStatus.choices),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    eligibility = forms.ChoiceField(
        label=_("Điều kiện"),
        required=False,
        choices=_choices(_("Mọi kết quả"), EligibilityStatus.choices),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    late = forms.BooleanField(label=_("Chỉ hồ sơ trình muộn"), required=False)

    def __init__(self, *args, user=None, units=None, **kwargs):
        """`user`: the unit filter offers the units proposing what `user` reads (picker "proposals.units": a search
        on the server once they are many, as the system administrator's whole country); `units`: a given list."""
        super().__init__(*args, **kwargs)
        attach(self.fields["group"], "proposals.groups")
        if user is not None:
            attach(self.fields["unit"], "proposals.units", user=user)
        else:
            self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
