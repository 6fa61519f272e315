"""Forms of the yearly performance ratings: pick a unit and year, enter each person's rating, import a file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit, UnitKind
from clusters.pickers import attach, register
from clusters.selectors.units import unit_scope
from clusters.web import TextPolicyMixin, VersionedFormMixin

from ..models import RatingLevel
from .records import ImportForm

__all__ = ["ImportForm", "RatingIndexForm", "UnitRatingsForm"]


@register("ratings.units", search=("name",))
def rating_units(user):
    """The units whose ratings the user reads (the one read rule of `clusters.selectors.units`)."""
    return Unit.objects.exclude(kind=UnitKind.BOARD).filter(unit_scope(user, "pk")).order_by("name", "pk")


class RatingIndexForm(TextPolicyMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["unit"], "ratings.units", user=user)


class UnitRatingsForm(VersionedFormMixin, TextPolicyMixin, forms.Form):
    """One rating and one note per person (`level_<id>`, `note_<id>`); an empty rating means not rated."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        choices = [("", _("— Chưa xếp loại —")), *RatingLevel.choices]
        for person in self.people:
            self.fields[f"level_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=choices, required=False, initial=person.level or ""
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=500, initial=person.rating_note or ""
            )

    def rows(self):
        """(person, rating field, note field) for the template."""
        return [(p, self[f"level_{p.pk}"], self[f"note_{p.pk}"]) for p in self.people]

    def entries(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {p.pk: (data[f"level_{p.pk}"], data[f"note_{p.pk}"]) for p in self.people}
