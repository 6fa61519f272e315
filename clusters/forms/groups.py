"""Forms of clusters and blocs: the list's filter, a group, its members and officers for a year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import EmulationGroup, GroupKind, Unit
from ..selectors.units import boards
from ..web import CrispyMixin, OnceFormMixin, SearchForm, VersionedFormMixin
from ..widgets import QuickSelect


class GroupFilterForm(SearchForm):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả"))] + GroupKind.choices,
        widget=forms.Select(attrs={"class": "form-select", "aria-label": _("Loại")}),
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
    def label_from_instance(self, obj):
        return str(obj)


class MembershipYearForm(VersionedFormMixin, CrispyMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thành viên"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đơn vị thành viên.")},
    )
    chair = UnitChoiceField(label=_("Đơn vị trưởng"), queryset=Unit.objects.none(), required=False, widget=QuickSelect)
    vice_chair = UnitChoiceField(
        label=_("Đơn vị phó"), queryset=Unit.objects.none(), required=False, widget=QuickSelect
    )
    standing_agency = UnitChoiceField(
        label=_("Cơ quan thường trực (khối)"), queryset=Unit.objects.none(), required=False, widget=QuickSelect
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = candidates if candidates is not None else Unit.objects.all()
        for name in ("units", "chair", "vice_chair", "standing_agency"):
            self.fields[name].queryset = queryset

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
