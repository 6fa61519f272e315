"""Reads of the yearly performance ratings: a unit's people with their rating for a year, who may read them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, QuerySet, Subquery

from clusters.concurrency import state_version
from clusters.models import Person, Role, Unit, User
from clusters.names import name_order
from clusters.search import search
from clusters.selectors.units import reads_unit

from ..models import PerformanceRating


def unit_ratings(*, unit: Unit, year: int, query: str = "") -> QuerySet:
    """The unit's active people, and anyone it rated that year, each with `level` and `note` (empty: not rated),
    in Vietnamese name order; `query`: those whose name holds every word of it (accent-insensitive).

    The people it rated who are not its active people (moved on, or gone) are looked up first and matched by id:
    with them as a subquery ORed with the unit, the database walked the name-order index over all 2M people of
    the country to find the unit's hundred (7 s at scale 10, issue 16)."""
    rating = PerformanceRating.objects.filter(person=OuterRef("pk"), year=year).order_by()  # one per person, year
    others = list(
        PerformanceRating.objects.filter(unit=unit, year=year)
        .exclude(person__unit=unit, person__is_active=True)
        .order_by()
        .values_list("person_id", flat=True)
    )
    listed = Q(unit=unit, is_active=True)
    people = Person.objects.filter(listed | Q(pk__in=others) if others else listed)
    if query:
        people = search(people, query, "full_name")
    return people.annotate(
        level=Subquery(rating.values("level")[:1]), rating_note=Subquery(rating.values("note")[:1])
    ).order_by(*name_order())


def ratings_version(*, people: Iterable[int], year: int) -> str:
    """The version of these people's ratings for `year` (the people of one page of a unit's ratings form), a
    `state_version`: two clerks saving different pages of the unit do not conflict, the same page does."""
    ratings = PerformanceRating.objects.filter(person_id__in=list(people), year=year)
    return state_version(ratings.values_list("person_id", "level", "note"))


def reviews_unit(user: User, unit: Unit) -> bool:
    """A reviewer whose board reads the unit's data (the one read rule, `clusters.selectors.units.readable_units`):
    the central board, the board of the unit's province, or a board organising a group the unit belongs to."""
    if not (user.is_authenticated and user.is_active and user.role == Role.REVIEWER and user.unit_id):
        return False
    return reads_unit(user, unit)
