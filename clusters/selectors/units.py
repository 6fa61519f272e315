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
