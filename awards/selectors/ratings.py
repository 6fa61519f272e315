"""Reads of the yearly performance ratings: a unit's people with their rating for a year, who may read them."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery

from clusters.models import EmulationGroup, Membership, Person, Role, Unit, UnitKind, User
from clusters.names import name_order

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


def reviews_unit(user: User, unit: Unit) -> bool:
    """A reviewer whose board reviews proposals for the unit's people: the central board (national awards
    read the ratings), the board of the unit's province, or a board organising a group the unit belongs to."""
    if not (user.is_authenticated and user.is_active and user.role == Role.REVIEWER and user.unit_id):
        return False
    board = user.unit
    if board.kind == UnitKind.CENTRAL:
        return True
    if board.parent_id and board.parent_id in (unit.pk, unit.parent_id):
        return True
    groups = EmulationGroup.objects.filter(organizer_id=board.pk).values("pk")
    return Membership.objects.filter(group_id__in=groups, unit_id=unit.pk).exists()
