"""Forms of clusters and blocs: the list's filter, a group, its members and officers for a year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import EmulationGroup, GroupKind, Unit
from ..selectors.units import boards, unit_name_in
from ..text import YEAR_MAX, YEAR_MIN
from ..web import CrispyMixin, OnceFormMixin, SearchForm, TextPolicyMixin, VersionedFormMixin
from ..widgets import QuickSelect


class GroupFilterForm(SearchForm):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả"))] + GroupKind.choices,
        widget=forms.Select(attrs={"class": "form-select", "aria-label": _("Loại")}),
    )


class GroupYearPickForm(TextPolicyMixin, forms.Form):
    """The group page's year picker (`?nam=`): any year from 1945 to 2100, with members or not yet."""

    nam = forms.IntegerField(
        label=_("Xem năm"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "required": _("Nhập năm cần xem."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
            "min_value": _("Năm phải từ %(limit_value)s trở về sau."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "width: 7em"}),
    )


class GroupForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = EmulationGroup
        fields = ["kind", "name", "short_name", "organizer", "description"]
        widgets = {"organizer": QuickSelect}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = boards()
        if user is not None and not user.is_system_admin:
            # A reviewer creates and edits the groups of their own board only.
            self.fields["organizer"].queryset = Unit.objects.filter(pk=user.unit_id)
            self.fields["organizer"].initial = user.unit_id
            self.fields["organizer"].disabled = True


class UnitChoiceField(forms.ModelChoiceField):
    """A unit named as it was in the form's year (`year`, set by the form)."""

    year: int | None = None

    def label_from_instance(self, obj):
        return unit_name_in(obj, self.year) if self.year else str(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    year: int | None = None

    def label_from_instance(self, obj):
        return unit_name_in(obj, self.year) if self.year else str(obj)


#: A unit outside the offered ones (another province's, or one not active that year) posted anyway.
NOT_OFFERED = _(
    "Đơn vị không thuộc phạm vi của Ban Thi đua - Khen thưởng tổ chức cụm, khối hoặc không hoạt động trong năm."
)


class MembershipYearForm(VersionedFormMixin, CrispyMixin, forms.Form):
    units = UnitsChoiceField(
        label=_("Đơn vị thành viên"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đơn vị thành viên."), "invalid_choice": NOT_OFFERED},
    )
    chair = UnitChoiceField(
        label=_("Đơn vị trưởng"),
        queryset=Unit.objects.none(),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": NOT_OFFERED},
    )
    vice_chair = UnitChoiceField(
        label=_("Đơn vị phó"),
        queryset=Unit.objects.none(),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": NOT_OFFERED},
    )
    standing_agency = UnitChoiceField(
        label=_("Cơ quan thường trực (khối)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": NOT_OFFERED},
    )

    def __init__(self, *args, candidates=None, year: int | None = None, **kwargs):
        """`candidates`: the units that may be members (`clusters.selectors.groups.member_candidates`), named as
        they were in `year`."""
        super().__init__(*args, **kwargs)
        queryset = candidates if candidates is not None else Unit.objects.all()
        for name in ("units", "chair", "vice_chair", "standing_agency"):
            self.fields[name].queryset = queryset
            self.fields[name].year = year

    def clean(self):
        data = super().clean()
        units = data.get("units") or []
        unit_ids = {u.pk for u in units}
        chair, vice = data.get("chair"), data.get("vice_chair")
        if chair and chair.pk not in unit_ids:
            self.add_error("chair", _("Đơn vị trưởng phải là thành viên của cụm, khối trong năm."))
        if vice and vice.pk not in unit_ids:
            self.add_error("vice_chair", _("Đơn vị phó phải là thành viên của cụm, khối trong năm."))
        if chair and vice and chair.pk == vice.pk:
            self.add_error("vice_chair", _("Đơn vị trưởng và đơn vị phó phải khác nhau."))
        standing = data.get("standing_agency")
        if standing and standing.pk not in unit_ids:
            self.add_error("standing_agency", _("Cơ quan thường trực phải là thành viên của khối trong năm."))
        return data
