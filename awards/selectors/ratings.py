"""Reads of the yearly performance ratings: a unit's people with their rating for a year, who may read them."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery

from clusters.concurrency import state_version
from clusters.models import Person, Role, Unit, User
from clusters.names import name_order
from clusters.selectors.units import reads_unit

from ..models import PerformanceRating


def unit_ratings(*, unit: Unit, year: int) -> QuerySet:
    """The unit's active people, and anyone it rated that year, each with `level` and `note` (empty: not rated)."""
    rating = PerformanceRating.objects.filter(person=OuterRef("pk"), year=year)
    rated = PerformanceRating.objects.filter(unit=unit, year=year).values("person_id")
    return (
        Person.objects.filter(Q(unit=unit, is_active=True) | Q(pk__in=rated))
        .annotate(level=Subquery(rating.values("level")[:1]), rating_note=Subquery(rating.values("note")[:1]))
        .order_by(*name_order())
    )


def ratings_version(*, unit: Unit, year: int) -> str:
    """The version of the unit's ratings for `year`, for its ratings form (a `state_version`)."""
    ratings = PerformanceRating.objects.filter(Q(unit=unit) | Q(person__unit=unit), year=year)
    return state_version(ratings.values_list("person_id", "level", "note"))


def reviews_unit(user: User, unit: Unit) -> bool:
    """A reviewer whose board reads the unit's data (the one read rule, `clusters.selectors.units.readable_units`):
    the central board, the board of the unit's province, or a board organising a group the unit belongs to."""
    if not (user.is_authenticated and user.is_active and user.role == Role.REVIEWER and user.unit_id):
        return False
    return reads_unit(user, unit)
