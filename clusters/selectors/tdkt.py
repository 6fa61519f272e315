"""Reads of the register of emulation and commendation bodies and their staff."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import StaffMember, TdktBody, Unit, UnitKind
from ..search import search
from .units import units_in_jurisdiction


def _in_register_of(queryset: QuerySet, board: Unit, field: str) -> QuerySet:
    if board.kind == UnitKind.CENTRAL:
        return queryset
    return queryset.filter(**{f"{field}__in": units_in_jurisdiction(board).values("pk")})


def body_list(*, board: Unit) -> QuerySet:
    """The bodies in the board's jurisdiction (the central board: every one)."""
    return _in_register_of(TdktBody.objects.select_related("unit"), board, "unit").order_by("unit__name", "id")


def staff_list(*, board: Unit, query: str = "") -> QuerySet:
    """The staff of those bodies, searched by name (accent-insensitive)."""
    staff = _in_register_of(StaffMember.objects.select_related("body__unit"), board, "body__unit")
    if query:
        staff = search(staff, query, "full_name")
    return staff.order_by("full_name", "id")


def body_unit_choices(*, board: Unit, keep: Unit | None = None) -> QuerySet:
    """The units a body may be registered on: the board's jurisdiction, less those that have one (but `keep`)."""
    units = units_in_jurisdiction(board) if board.kind != UnitKind.CENTRAL else Unit.objects.all()
    taken = TdktBody.objects.values("unit_id")
    if keep is not None:
        taken = taken.exclude(unit=keep)
    return units.exclude(pk__in=taken).order_by("name", "id")
