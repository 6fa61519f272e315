"""Forms of the initiative register: the unit to enter an initiative for, the initiative with its authors (a
formset: person and share), a file, the list's filters."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.models import Person, Unit
from clusters.names import name_order
from clusters.pickers import attach, register
from clusters.selectors.units import boards_over
from clusters.text import YEAR_MAX, YEAR_MIN
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin
from clusters.widgets import QuickSelect

from ..models import Initiative, InitiativeScope
from ..selectors.initiatives import editable_units, initiative_units
from .proposals import SMALL_INPUT, SMALL_SELECT, PersonChoiceField

#: Blank author rows under the filled ones.
EXTRA_AUTHORS = 2
MAX_AUTHORS = 30


def _labelled(units):
    """Only what the choice labels show (Unit.__str__)."""
    return units.only("pk", "name", "active_to", "successor_id").order_by("name", "pk")


@register("initiatives.editable_units", search=("name",))
def initiative_form_units(user):
    """The units whose initiatives `user` enters (`editable_units`: every unit for a system administrator)."""
    return _labelled(editable_units(user))


@register("initiatives.units", search=("name",))
def initiative_filter_units(user):
    """The units of the initiatives `user` reads (`initiative_units`), for the list's filter."""
    return _labelled(initiative_units(user))


class InitiativeUnitForm(TextPolicyMixin, forms.Form):
    """Step one of entering an initiative: the unit where it is applied (among those the user enters for)."""

    don_vi = forms.ModelChoiceField(
        label=_("Đơn vị áp dụng sáng kiến"),
        queryset=Unit.objects.none(),
        widget=QuickSelect(attrs={"class": "form-select"}, searchable=True),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["don_vi"], "initiatives.editable_units", user=user)


def recognising_bodies(unit: Unit, *, keep: int | None = None):
    """The bodies offered as recognising an initiative of `unit`: the unit itself, the units above it, the boards over
    it (and the one already chosen); any other body is written as text."""
    ids, current, seen = [], unit, set()
    while current is not None and current.pk not in seen and len(ids) < 10:
        seen.add(current.pk)
        ids.append(current.pk)
        current = current.parent
    choices = Q(pk__in=ids) | Q(pk__in=boards_over(unit).values("pk"))
    if keep:
        choices |= Q(pk=keep)
    return Unit.objects.filter(choices).only("pk", "name", "active_to", "successor_id").order_by("name")


class InitiativeForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    """An initiative's own fields (its authors are the formset below, in the same <form>)."""

    form_tag = False

    class Meta:
        model = Initiative
        fields = [
            "title",
            "field",
            "recognising_body",
            "recognising_body_name",
            "decision_number",
            "decision_date",
            "scope",
            "description",
        ]
        widgets = {
            "decision_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "recognising_body": QuickSelect(searchable=True),
        }

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recognising_body"].queryset = recognising_bodies(unit, keep=self.instance.recognising_body_id)
        self.fields["recognising_body"].help_text = _(
            "Đơn vị áp dụng, các cấp trên của đơn vị và Ban Thi đua - Khen thưởng; cơ quan khác (Hội đồng sáng kiến, "
            "sở, bộ…) ghi tên ở ô dưới."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("recognising_body") and not (cleaned.get("recognising_body_name") or "").strip():
            self.add_error("recognising_body", _("Cần chọn hoặc ghi cơ quan công nhận."))
        return cleaned


def author_candidates(unit: Unit, *, keep=()):
    """The people offered as authors: the active people of `unit` and of the units directly inside it (and the
    initiative's authors already there)."""
    # the ids first: an OR with the units inside as a subquery or a join makes PostgreSQL read every person
    units = [unit.pk, *Unit.objects.filter(parent_id=unit.pk).values_list("pk", flat=True)]
    return (
        Person.objects.filter(Q(unit_id__in=units, is_active=True) | Q(pk__in=list(keep)))
        .select_related("unit")
        .order_by(*name_order())
    )


class AuthorForm(TextPolicyMixin, forms.Form):
    """One author: a person of the unit (or of a unit directly inside it) and their share in %."""

    person = PersonChoiceField(
        label=_("Tác giả"),
        queryset=Person.objects.none(),
        required=False,
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    share = forms.IntegerField(
        label=_("Tỷ lệ đóng góp (%)"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, unit, keep=(), choices=None, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = offered if offered is not None else author_candidates(unit, keep=keep)
        if choices is not None:  # the formset's rows share one list (read once, not once per row)
            self.fields["person"].widget.choices = choices

    def clean(self):
        cleaned = super().clean()
        person, share = cleaned.get("person"), cleaned.get("share")
        if person and not share:
            self.add_error("share", _("Cần ghi tỷ lệ đóng góp."))
        if share and not person:
            self.add_error("person", _("Cần chọn tác giả."))
        return cleaned


class BaseAuthorFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        authors = self.authors()
        if not authors:
            raise forms.ValidationError(_("Cần ít nhất một tác giả."))
        if len({person.pk for person, _share in authors}) != len(authors):
            raise forms.ValidationError(_("Một người được ghi hai lần trong danh sách tác giả."))
        total = sum(share for _person, share in authors)
        if total > 100:
            raise forms.ValidationError(
                _("Tổng tỷ lệ đóng góp của các tác giả là %(n)s%%, không được quá 100%%.") % {"n": total}
            )

    def authors(self) -> list[tuple[Person, int]]:
        return [
            (form.cleaned_data["person"], form.cleaned_data["share"])
            for form in self.forms
            if form.cleaned_data.get("person")
        ]

    def has_changed(self) -> bool:
        return any(form.has_changed() for form in self.forms)


AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=BaseAuthorFormSet, extra=EXTRA_AUTHORS, max_num=MAX_AUTHORS, validate_max=True
)


def author_formset(data=None, *, unit: Unit, initiative: Initiative | None = None) -> BaseAuthorFormSet:
    """The authors' rows: the initiative's authors, then blank rows."""
    initial, keep = [], []
    if initiative is not None and initiative.pk:
        for author in initiative.authors.select_related("person"):
            initial.append({"person": author.person_id, "share": author.share})
            keep.append(author.person_id)
    field, people = AuthorForm.base_fields["person"], author_candidates(unit, keep=keep)
    choices = [("", field.empty_label), *((p.pk, field.label_from_instance(p)) for p in people)]
    return AuthorFormSet(
        data,
        initial=initial,
        prefix="tac_gia",
        form_kwargs={"unit": unit, "keep": keep, "choices": choices, "offered": people},
    )


class InitiativeFileForm(OnceFormMixin, TextPolicyMixin, forms.Form):
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs=SMALL_INPUT))


def _choices(label, choices):
    return [("", label), *choices]


class InitiativeFilterForm(TextPolicyMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100, widget=forms.TextInput(attrs=SMALL_INPUT))
    scope = forms.ChoiceField(
        label=_("Phạm vi ảnh hưởng"),
        required=False,
        choices=_choices(_("Mọi phạm vi"), InitiativeScope.choices),
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    year = forms.IntegerField(
        label=_("Năm công nhận"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs=SMALL_INPUT),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Mọi đơn vị"),
        widget=QuickSelect(attrs=SMALL_SELECT, searchable=True),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["unit"], "initiatives.units", user=user)


class CandidateReportForm(TextPolicyMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Năm thành tích"), min_value=YEAR_MIN, max_value=YEAR_MAX, widget=forms.NumberInput(attrs=SMALL_INPUT)
    )
