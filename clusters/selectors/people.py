"""Reads of people: those of the units a user reads (the read rule of `clusters.selectors.units`), one unit's,
listed as Vietnamese lists sort (by given name)."""

from __future__ import annotations

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce

from ..models import Person, Unit
from ..names import VietnameseCollate, name_order
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
    # the page's units fetched by id (one query for 25 rows), not joined: the join made PostgreSQL hash all 20,000
    # units before sorting a search's matches (issue 16: ~10 ms of a province's reviewer's search at scale 10)
    people = Person.objects.prefetch_related("unit")
    units = readable_units(user)
    among = None
    if units is not None:  # the units listed (a small query: ~350 for a province's board) and matched by id, so
        # that the database fetches their people through the unit index (and ANDs it with a search's trigram
        # indexes) instead of hashing the subquery against every person of the country (issue 16: a province's
        # board's deep page read all 2M people, 575 ms at scale 10)
        unit_ids = list(units.order_by().values_list("pk", flat=True))
        people = people.filter(unit_id__in=unit_ids)
        # a unit's name typed is looked up among these units alone: a common word ("van") is in more than a
        # thousand units' names in the country, which the search then compared through a join with every person
        # walked in the list's order (issue 16: 0.4-1 s for a province's reviewer at scale 10)
        among = {"unit": unit_ids}
    if query:
        people = search(people, query, "full_name", "position", "unit__name", among=among)
        if among is not None:
            # The people found among listed units are few (a province's ~35,000 at most before the search): the
            # database finds them through the unit and trigram indexes and sorts them. Walking the country's
            # people in the order's index instead (which it may prefer, expecting matches early) reads them one
            # by one from all over the table (issue 16: 0.2 s for a province's reviewer at scale 10). The given
            # name, never null, is ordered as `COALESCE(given_name, '')`: the same order, which no index offers.
            order = name_order()
            order[0] = VietnameseCollate(Coalesce(F("given_name"), Value(""))).asc()
            return people.order_by(*order)
    return people.order_by(*name_order())
