"""Reads of people: those of the units a user reads (the read rule of `clusters.selectors.units`), one unit's,
listed as Vietnamese lists sort (by given name)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Person, Unit
from ..names import name_order
from ..search import search
from .units import readable_units, unit_scope


def unit_people(*, unit: Unit, query: str = "") -> QuerySet:
    people = Person.objects.filter(unit=unit)
    if query:
        people = search(people, query, "full_name", "position")
    return people.order_by(*name_order())


def person_list(*, user, query: str = "") -> QuerySet:
    """The people of the units `user` reads (`readable_units`): every unit's for a system admin and the central
    board, the jurisdiction's and organised groups' for another board, the own unit's for its staff and leader."""
    people = Person.objects.select_related("unit").filter(unit_scope(user, "unit"))
    if query:
        units = readable_units(user)
        if units is not None:  # the units listed (a small query), so that the database ANDs the unit index with
            # the search's trigram indexes instead of checking every person matching a word (issue 16)
            people = Person.objects.select_related("unit").filter(
                unit_id__in=list(units.order_by().values_list("pk", flat=True))
            )
        people = search(people, query, "full_name", "position", "unit__name")
    return people.order_by(*name_order())
