"""Forms of the award council: a council's term, its members, a session and its agenda, a member's ballot."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.models import User
from clusters.pickers import attach, register
from clusters.selectors.units import unit_scope, units_in_jurisdiction
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin

from ..models import BallotChoice, CouncilRole, VoteMode


class CouncilForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Lập Hội đồng")

    name = forms.CharField(label=_("Tên Hội đồng"), max_length=255, initial=_("Hội đồng Thi đua - Khen thưởng"))
    term_start = forms.DateField(label=_("Nhiệm kỳ từ ngày"), widget=DateInput)
    term_end = forms.DateField(label=_("Nhiệm kỳ đến ngày"), widget=DateInput)


def _member_label(user) -> str:
    return f"{user.full_name} — {user.unit or ''}"


def _member_scope(user):
    return Q() if user.is_system_admin else unit_scope(user, "unit")


@register("council.members", search=("full_name",), scope=_member_scope, label=_member_label)
def council_members(user):
    """The accounts that may sit on the council of the user's board: people (not API accounts) of the board or of
    a unit in its jurisdiction; any person for a system admin."""
    users = User.objects.filter(is_active=True, is_service=False).select_related("unit").order_by("full_name", "pk")
    if user is None or not user.is_system_admin:
        unit = user.unit if user is not None else None
        users = users.filter(unit__in=units_in_jurisdiction(unit)) | users.filter(unit_id=getattr(unit, "pk", None))
    return users


class CouncilMemberForm(OnceFormMixin, CrispyMixin, forms.Form):
    """A member: an account of the board or of a unit in its jurisdiction."""

    submit_label = _("Thêm thành viên")

    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Chức danh trong Hội đồng"), choices=CouncilRole.choices, initial="member")
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["member"], "council.members", user=user)


class SessionForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Mở phiên họp")

    title = forms.CharField(label=_("Nội dung phiên họp"), max_length=255)
    held_on = forms.DateField(label=_("Ngày họp"), widget=DateInput)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    mode = forms.ChoiceField(label=_("Hình thức bỏ phiếu"), choices=VoteMode.choices, initial="proposal")
    proposals = forms.ModelMultipleChoiceField(
        label=_("Đề nghị đưa ra Hội đồng"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["proposals"]
        field.queryset = proposals.model.objects.filter(pk__in=[p.pk for p in proposals]).select_related(
            "award_type", "nominee_person", "nominee_unit"
        )
        field.label_from_instance = lambda p: f"{p.nominee_name} — {p.award_type.name} {p.year}"


class BallotForm(TextPolicyMixin, forms.Form):
    """A member's secret ballot: one choice per agenda item, or one for the whole list."""

    def __init__(self, *args, items=(), per_list: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if per_list:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Biểu quyết cả danh sách"), choices=BallotChoice.choices, widget=forms.RadioSelect
            )
        for item in [] if per_list else self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.proposal.nominee_name} — {item.proposal.award_type.name}",
                choices=BallotChoice.choices,
                widget=forms.RadioSelect,
            )
        self.per_list = per_list

    def choices(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}
