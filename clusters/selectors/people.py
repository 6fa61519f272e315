"""Reads of people: everyone (reviewers, admins) or one unit's, listed as Vietnamese lists sort (by given name)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Person, Unit
from ..names import name_order
from ..search import search


def unit_people(*, unit: Unit, query: str = "") -> QuerySet:
    people = Person.objects.filter(unit=unit)
    if query:
        people = search(people, query, "full_name", "position")
    return people.order_by(*name_order())


def person_list(*, query: str = "", unit_id: int | None = None) -> QuerySet:
    people = Person.objects.select_related("unit")
    if unit_id:
        people = people.filter(unit_id=unit_id)
    if query:
        people = search(people, query, "full_name", "position", "unit__name")
    return people.order_by(*name_order())
