"""Reads of people: those of the units a user reads (the read rule of `clusters.selectors.units`), one unit's,
listed as Vietnamese lists sort (by given name)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Person, Unit
from ..names import name_order
from ..search import search
from .units import readable_units


def unit_people(*, unit: Unit, query: str = "") -> QuerySet:
    people = Person.objects.filter(unit=unit)
    if query:
        people = search(people, query, "full_name", "position")
    return people.order_by(*name_order())


def person_list(*, user, query: str = "") -> QuerySet:
    """The people of the units `user` reads (`readable_units`): every unit's for a system admin and the central
    board, the jurisdiction's and organised groups' for another board, the own unit's for its staff and leader."""
    people = Person.objects.select_related("unit")
    units = readable_units(user)
    if units is not None:  # the units listed (a small query: ~350 for a province's board) and matched by id, so
        # that the database fetches their people through the unit index (and ANDs it with a search's trigram
        # indexes) instead of hashing the subquery against every person of the country (issue 16: a province's
        # board's deep page read all 2M people, 575 ms at scale 10)
        people = people.filter(unit_id__in=list(units.order_by().values_list("pk", flat=True)))
    if query:
        people = search(people, query, "full_name", "position", "unit__name")
    return people.order_by(*name_order())
