"""Reads of units: the registry's list, the boards that organise groups."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Unit, UnitKind
from ..search import search


def unit_list(*, query: str = "", kind: str = "", active_only: bool = False, parent: Unit | None = None) -> QuerySet:
    units = Unit.objects.select_related("parent", "successor")
    if parent is not None:
        units = units.filter(parent=parent)
    if kind:
        units = units.filter(kind=kind)
    if active_only:
        units = units.filter(active_to__isnull=True)
    if query:
        units = search(units, query, "name", "short_name")
    return units.order_by("name", "id")


def boards() -> QuerySet:
    return Unit.objects.filter(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL]).order_by("name")


# --- Jurisdiction -------------------------------------------------------------------------------------------
def with_descendants(unit_ids) -> set[int]:
    """The units `unit_ids` and every unit below them (parent links, one query per level)."""
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True))
        found |= frontier
    return found


def units_in_jurisdiction(board: Unit) -> QuerySet:
    """The units a board has authority over: a provincial board (kind board), its province and every unit below
    it (the board itself included); the central board (kind central), every unit."""
    if board.kind == UnitKind.CENTRAL:
        return Unit.objects.all()
    if board.kind != UnitKind.BOARD or board.parent_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=with_descendants([board.parent_id]))


def in_jurisdiction(board: Unit, unit: Unit) -> bool:
    """Whether `unit` is in the jurisdiction of `board` (see `units_in_jurisdiction`)."""
    return unit is not None and units_in_jurisdiction(board).filter(pk=unit.pk).exists()
