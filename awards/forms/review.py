"""Forms of the review inside a board: its steps' configuration, positions, routing table, declared relations,
and each step's action (assign, verdict, approve or send back)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Role, Unit, User
from clusters.pickers import attach, register
from clusters.selectors.units import units_in_jurisdiction
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..models import AwardLevel, AwardType, Position, ReviewConfig, Verdict


def _person(user: User) -> str:
    return user.display_name()


class ReviewConfigForm(VersionedFormMixin, CrispyMixin, forms.ModelForm):
    submit_label = _("Lưu quy trình")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("awards:review_config")

    class Meta:
        model = ReviewConfig
        fields = [
            "enabled",
            "uses_clerk",
            "uses_head",
            "uses_leader",
            "intake_days",
            "assessment_days",
            "head_days",
            "leader_days",
        ]


class PositionForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Giao vị trí")
    user = forms.ModelChoiceField(label=_("Cán bộ"), queryset=User.objects.none())
    position = forms.ChoiceField(label=_("Vị trí"), choices=Position.choices)

    def __init__(self, *args, board: Unit, **kwargs):
        kwargs.setdefault("auto_id", "position_%s")  # three forms on the config page: ids of their own
        super().__init__(*args, **kwargs)
        reviewers = User.objects.filter(unit=board, role=Role.REVIEWER, is_active=True, is_service=False)  # people
        self.fields["user"].queryset = reviewers.order_by("full_name", "pk")
        self.fields["user"].label_from_instance = _person
        self.helper.form_action = reverse("awards:review_position_add")


class RoutingRuleForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Thêm dòng phân công")
    specialist = forms.ModelChoiceField(label=_("Chuyên viên"), queryset=User.objects.none())
    award_type = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.all(), required=False
    )
    award_level = forms.ChoiceField(
        label=_("Cấp khen thưởng"), choices=[("", "—"), *AwardLevel.choices], required=False
    )
    area_unit = forms.ModelChoiceField(label=_("Địa bàn, đơn vị"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, board: Unit, **kwargs):
        kwargs.setdefault("auto_id", "route_%s")
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = User.objects.filter(
            review_positions__board=board, review_positions__position=Position.SPECIALIST, is_active=True
        ).order_by("full_name", "pk")
        self.fields["specialist"].label_from_instance = _person
        attach(self.fields["area_unit"], "review.area_units", board=board.pk)
        self.helper.form_action = reverse("awards:review_route_add")


@register("units.registry", search=("name",))
def registry_units(user):
    """Every unit of the registry (its names are open to every user): a reviewer's declared relation."""
    return Unit.objects.order_by("name", "pk")


@register("review.area_units", search=("name",))
def area_units(user, *, board: int):
    """The units a routing line may name: those in the board's jurisdiction, to its own administrators (and a
    system admin)."""
    if user is not None and not user.is_system_admin and user.unit_id != board:
        return Unit.objects.none()
    return units_in_jurisdiction(Unit.objects.get(pk=board)).order_by("name", "pk")


class RelationForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Kê khai")
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.order_by("name"))
    note = forms.CharField(
        label=_("Quan hệ"),
        max_length=255,
        help_text=_("Ví dụ: nguyên là cán bộ của đơn vị; vợ, chồng, con công tác tại đơn vị."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["unit"], "units.registry")


class AssignForm(TextPolicyMixin, forms.Form):
    specialist = forms.ModelChoiceField(
        label=_("Chuyên viên"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Theo bảng phân công theo lĩnh vực"),
    )
    step = forms.CharField(widget=forms.HiddenInput, max_length=12, required=False)

    def __init__(self, *args, specialists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = specialists
        self.fields["specialist"].label_from_instance = _person


class VerdictForm(TextPolicyMixin, forms.Form):
    """The specialist's conclusion, with a reason beside each rule's verdict."""

    verdict = forms.ChoiceField(label=_("Kết luận"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    step = forms.CharField(widget=forms.HiddenInput, max_length=12, required=False)

    def __init__(self, *args, rules: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = []
        for index, rule in enumerate(rules):
            name = f"reason_{index}"
            self.fields[name] = forms.CharField(
                label=rule.get("description", ""), max_length=1000, required=False, widget=forms.TextInput()
            )
            self.rules.append((rule, name))

    def reasons(self) -> dict[str, str]:
        return {rule.get("check", ""): self.cleaned_data.get(name, "") for rule, name in self.rules}

    def rows(self):
        return [(rule, self[name]) for rule, name in self.rules]


class StepForm(TextPolicyMixin, forms.Form):
    step = forms.CharField(widget=forms.HiddenInput, max_length=12, required=False)
    comment = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
