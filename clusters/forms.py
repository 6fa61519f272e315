from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .formats import DateInput
from .models import EmulationGroup, GroupKind, Person, Unit, UnitKind
from .selectors import boards


class CrispyMixin:
    submit_label = _("Lưu")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)


class GroupFilterForm(SearchForm):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Tất cả"))] + GroupKind.choices,
        widget=forms.Select(attrs={"class": "form-select", "aria-label": _("Loại")}),
    )


class GroupForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = EmulationGroup
        fields = ["kind", "name", "short_name", "organizer", "description"]

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


class MembershipYearForm(CrispyMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thành viên"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đơn vị thành viên.")},
    )
    chair = UnitChoiceField(label=_("Đơn vị trưởng"), queryset=Unit.objects.none(), required=False)
    vice_chair = UnitChoiceField(label=_("Đơn vị phó"), queryset=Unit.objects.none(), required=False)
    standing_agency = UnitChoiceField(
        label=_("Cơ quan thường trực (khối)"), queryset=Unit.objects.none(), required=False
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


class UnitForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["kind", "name", "short_name", "code", "parent", "active_from", "active_to", "successor", "is_remote"]
        widgets = {
            "active_from": DateInput(),
            "active_to": DateInput(),
        }

    #: What a unit's own staff may edit; the registry's structure is the admins'.
    OWN_UNIT_FIELDS = ("name", "short_name", "is_remote")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_system_admin:
            for name in list(self.fields):
                if name not in self.OWN_UNIT_FIELDS:
                    del self.fields[name]

    def clean_code(self):
        return self.cleaned_data.get("code") or None


class PersonForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "position", "category", "birth_year", "is_ethnic_minority", "is_active"]

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("Năm sinh không được ở tương lai."))
        return year


UNIT_KIND_CHOICES = [("", _("Tất cả"))] + UnitKind.choices
