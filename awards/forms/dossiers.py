"""Forms of dossiers with many nominees: the dossier's head (award, year, kind, shared achievements) and one
line per nominee (a collective, household or person, its category and its own achievements), in a formset whose
"Thêm dòng" button asks the server for one more line (no script)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Person, Unit
from clusters.pickers import attach, share
from clusters.web import CrispyMixin, OnceFormMixin, VersionedFormMixin

from ..models import AwardType, Dossier
from .proposals import (
    AwardTypeChoiceField,
    PersonChoiceField,
    category_choices,
    check_category,
    check_kind_details,
)

#: Lines a dossier form shows at first, and at most (a larger list is imported, or made in several dossiers).
FIRST_LINES = 3
MAX_LINES = 100


class DossierForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    """The head of a new dossier; its lines come in the formset below it."""

    form_tag = False
    award_type = AwardTypeChoiceField(label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.none())
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)

    class Meta:
        model = Dossier
        fields = ["award_type", "year", "kind", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.order_by("-rank", "name")


class DossierLineForm(CrispyMixin, forms.Form):
    """One nominee of the dossier: a collective or household of the unit, or one of its people."""

    form_tag = False
    nominee_unit = forms.ModelChoiceField(label=_("Tập thể, hộ gia đình"), queryset=Unit.objects.none(), required=False)
    nominee_person = PersonChoiceField(label=_("Cá nhân"), queryset=Person.objects.none(), required=False)
    recipient_category = forms.ChoiceField(label=_("Phân loại đối tượng"), required=False)
    achievements = forms.CharField(
        label=_("Thành tích riêng"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 2})
    )
    service_years = forms.IntegerField(
        label=_("Số năm công tác (chỉ cho niên hạn, cống hiến)"), required=False, min_value=1, max_value=80
    )
    nationality = forms.CharField(label=_("Quốc tịch (chỉ cho khen thưởng đối ngoại)"), required=False, max_length=100)

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["nominee_unit"], "nominees.units", unit=unit.pk)
        attach(self.fields["nominee_person"], "nominees.people", unit=unit.pk)
        category_choices(self.fields["recipient_category"])

    def clean(self):
        data = super().clean()
        if not self.has_changed():
            return data
        if bool(data.get("nominee_unit")) == bool(data.get("nominee_person")):
            raise forms.ValidationError(_("Chọn đúng một đối tượng: một tập thể, hộ gia đình hoặc một cá nhân."))
        check_category(self, unit=data.get("nominee_unit"), person=data.get("nominee_person"))
        return data


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        nominees = [
            (form.cleaned_data.get("nominee_unit"), form.cleaned_data.get("nominee_person"))
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]
        if not nominees:
            raise forms.ValidationError(_("Hồ sơ phải có ít nhất một đối tượng."))
        if len(set(nominees)) != len(nominees):
            raise forms.ValidationError(_("Một đối tượng được ghi hai lần trong hồ sơ."))


LineFormSet = forms.formset_factory(
    DossierLineForm,
    formset=BaseLineFormSet,
    extra=FIRST_LINES,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES,
)


def line_formset(data=None, *, unit: Unit, add_line: bool = False) -> LineFormSet:
    """The lines' formset; `add_line`: the same lines and one more empty (the "Thêm dòng" round trip)."""
    if data is not None and add_line:
        data = data.copy()
        key = "lines-TOTAL_FORMS"
        try:
            total = int(data.get(key, FIRST_LINES))
        except (TypeError, ValueError):
            total = FIRST_LINES
        data[key] = str(min(max(total, 0) + 1, MAX_LINES))
    formset = LineFormSet(data, prefix="lines", form_kwargs={"unit": unit})
    lines = formset.forms
    for name in ("nominee_unit", "nominee_person"):  # the unit's collectives and people, read once for every line
        share(line.fields[name] for line in lines)  # (or counted once and searched, when they are many)
    return formset


def lines_fit_kind(formset: LineFormSet, kind: str) -> bool:
    """Each filled line has what the dossier's kind needs (`awards.forms.proposals.check_kind_details`): the errors
    under the lines' fields; False if one lacks it."""
    for form in formset.forms:
        if form.has_changed() and form.cleaned_data:
            form.cleaned_data["kind"] = kind
            check_kind_details(form)
            form.cleaned_data.pop("kind", None)
    return not any(form.errors for form in formset.forms)


def lines_of(formset: LineFormSet) -> list[dict]:
    """The filled lines of a valid formset, as the keyword arguments of `awards.services.dossiers`."""
    return [
        {
            "nominee_unit": form.cleaned_data.get("nominee_unit"),
            "nominee_person": form.cleaned_data.get("nominee_person"),
            "recipient_category": form.cleaned_data.get("recipient_category") or "",
            "achievements": form.cleaned_data.get("achievements") or "",
            "service_years": form.cleaned_data.get("service_years"),
            "nationality": form.cleaned_data.get("nationality") or "",
        }
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


class DossierSubmitForm(CrispyMixin, forms.Form):
    """The covering submission (tờ trình) the leader sends the dossier's lines up with."""

    form_tag = False
    number = forms.CharField(label=_("Số tờ trình"), max_length=100)
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    body = forms.CharField(
        label=_("Nội dung"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )
