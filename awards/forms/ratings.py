"""Forms of the yearly performance ratings: pick a unit and year, enter each person's rating, import a file."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit, UnitKind
from clusters.pickers import attach, register
from clusters.selectors.units import unit_scope
from clusters.web import TextPolicyMixin, VersionedFormMixin

from ..models import RatingLevel
from .records import ImportForm

__all__ = ["RATINGS_PER_PAGE", "ImportForm", "RatingIndexForm", "UnitRatingsForm"]


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


#: People per page of a unit's ratings form: a unit of thousands of people was one form of thousands of selects
#: (issue 16: 3 s at scale 10); each page is saved on its own.
RATINGS_PER_PAGE = 50

_ID = re.compile(r"[0-9]{1,12}")


class UnitRatingsForm(VersionedFormMixin, TextPolicyMixin, forms.Form):
    """One rating and one note per person of one page of the unit's people (`level_<id>`, `note_<id>`); an empty
    rating means not rated. `people` (hidden): the ids of the people shown, so that saving covers the people the
    clerk saw even if the list moved in between (a person added or renamed on an earlier page)."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        self.fields["people"] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            max_length=RATINGS_PER_PAGE * 13,  # ids of up to 12 digits and their spaces
            initial=" ".join(str(p.pk) for p in self.people),
        )
        choices = [("", _("— Chưa xếp loại —")), *RatingLevel.choices]
        for person in self.people:
            self.fields[f"level_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=choices, required=False, initial=person.level or ""
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=500, initial=person.rating_note or ""
            )

    @staticmethod
    def posted_people(data) -> list[int]:
        """The ids of the people a sent form showed (one page's worth at most; anything else is dropped)."""
        words = str(data.get("people") or "").split()[:RATINGS_PER_PAGE]
        return [int(word) for word in words if _ID.fullmatch(word)]

    def rows(self):
        """(person, rating field, note field) for the template."""
        return [(p, self[f"level_{p.pk}"], self[f"note_{p.pk}"]) for p in self.people]

    def entries(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {p.pk: (data[f"level_{p.pk}"], data[f"note_{p.pk}"]) for p in self.people}
