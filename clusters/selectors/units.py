"""Reads of units: the registry's list, the boards that organise groups, a board's jurisdiction, the units active
in a year, and the one read rule of every role (which units' data and which groups' business a user reads)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from ..models import EmulationGroup, Membership, Role, Unit, UnitKind
from ..search import search


def unit_list(
    *,
    query: str = "",
    kind: str = "",
    active_only: bool = False,
    parent: Unit | None = None,
    enterprises_only: bool = False,
) -> QuerySet:
    units = Unit.objects.select_related("parent", "successor")
    if enterprises_only:
        units = units.filter(is_enterprise=True)
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


# --- Jurisdiction ------------------------------------------------------------------------------------
def units_under_kind(kind: str) -> RawSQL:
    """The ids of the units of `kind` and of every unit below them, as one recursive subquery."""
    table = Unit._meta.db_table
    return RawSQL(
        f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE kind = %s UNION SELECT u.id FROM {table} u "  # noqa: S608
        "JOIN tree t ON u.parent_id = t.id) SELECT id FROM tree",
        (kind,),
    )


def _is_central(board: Unit | None) -> bool:
    return board is not None and board.kind == UnitKind.CENTRAL


def _jurisdiction_sql(root_id: int) -> RawSQL:
    """The ids of the unit `root_id`, the units under it at any depth and the units merged into any of them
    (their records stay theirs, and the board of the successor keeps them): one recursive query, in PostgreSQL
    and in the demo's SQLite alike."""
    table = Unit._meta.db_table
    return RawSQL(
        f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id = %s UNION SELECT u.id FROM {table} u "  # noqa: S608
        "JOIN tree t "
        "ON u.parent_id = t.id OR u.successor_id = t.id) SELECT id FROM tree",
        (root_id,),
    )


def units_in_jurisdiction(board: Unit | None) -> QuerySet:
    """The units a board (a unit of kind board, or the central board) has authority over.

    The central board: every unit. A provincial (or ministry's) board: the unit it belongs to (its parent),
    every unit under that one and the units merged into them. Anything else, or a board attached to nothing:
    none. Enrolment in the board's groups, the review of awards in its authority and the award-record import
    ask this one place."""
    if _is_central(board):
        return Unit.objects.all()
    if board is None or board.kind != UnitKind.BOARD or not board.parent_id:
        return Unit.objects.none()
    return Unit.objects.filter(pk__in=_jurisdiction_sql(board.parent_id))


def in_jurisdiction(board: Unit | None, unit: Unit | int | None) -> bool:
    """Whether `unit` (a unit or its id) is in the jurisdiction of `board` (see `units_in_jurisdiction`)."""
    if unit is None:
        return False
    if _is_central(board):
        return True
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return units_in_jurisdiction(board).filter(pk=unit_id).exists()


def boards_over(unit: Unit | int) -> QuerySet:
    """The boards whose jurisdiction holds `unit`: the central board, and the boards of the unit itself, of the
    units above it and of those it merged into (the inverse of `units_in_jurisdiction`)."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    table = Unit._meta.db_table
    above = RawSQL(
        f"WITH RECURSIVE up(id) AS (SELECT id FROM {table} WHERE id = %s UNION SELECT p.id FROM {table} p "  # noqa: S608
        f"JOIN {table} u ON p.id = u.parent_id OR p.id = u.successor_id JOIN up ON u.id = up.id) SELECT id FROM up",
        (unit_id,),
    )
    return Unit.objects.filter(Q(kind=UnitKind.CENTRAL) | Q(kind=UnitKind.BOARD, parent_id__in=above))


# --- Units of a year ----------------------------------------------------------------------------------
def units_active_in(year: int, units: QuerySet | None = None) -> QuerySet:
    """Units active at some time in `year` (their active period overlaps it): in 2023 the Gia Lai of before the
    2025 merger, not the one formed on 1/7/2025; in 2025 both."""
    units = Unit.objects.all() if units is None else units
    return units.filter(
        Q(active_from__isnull=True) | Q(active_from__year__lte=year),
        Q(active_to__isnull=True) | Q(active_to__year__gte=year),
    )


def unit_name_in(unit: Unit, year: int) -> str:
    """The unit's name as it was in `year`: the plain name in a year it was active throughout, with "(đến …)"
    or "(từ …)" in the year it ended or began (in 2025 the two Gia Lai read apart)."""
    parts = []
    if unit.active_from and unit.active_from.year == year:
        parts.append(_("từ %(day)s") % {"day": unit.active_from.strftime("%d/%m/%Y")})
    if unit.active_to and unit.active_to.year == year:
        parts.append(_("đến %(day)s") % {"day": unit.active_to.strftime("%d/%m/%Y")})
    return f"{unit.name} ({', '.join(parts)})" if parts else unit.name


# --- The read rule ---------------------------------------------------------------------------------
def readable_units(user) -> QuerySet | None:
    """The one read rule for units' data (their people, award records, proposals): the units whose data `user`
    reads, or None for every unit.

    - a system admin, and a reviewer at the central board: every unit;
    - a reviewer at another board: the units in its jurisdiction and the members of the groups it organises;
    - a unit's staff and leader: their unit and the units directly inside it;
    - anyone else: none."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_system_admin:
        return None
    if not user.unit_id:
        return Unit.objects.none()
    if user.role == Role.REVIEWER:
        board = user.unit
        if board.kind == UnitKind.CENTRAL:
            return None
        organised = Membership.objects.filter(group__organizer_id=board.pk).values("unit_id")
        return units_in_jurisdiction(board) | Unit.objects.filter(pk__in=organised)
    if user.role in (Role.STAFF, Role.LEADER):
        return Unit.objects.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return Unit.objects.none()


def unit_scope(user, field: str) -> Q:
    """A filter keeping the rows whose `field` (a path to a unit) is a unit `user` reads (`readable_units`),
    as one subquery: a list filtered by it costs no extra query."""
    units = readable_units(user)
    return Q() if units is None else Q(**{f"{field}__in": units.values("pk")})


def reads_unit(user, unit: Unit | int | None) -> bool:
    """`user` reads the unit's data (`readable_units`)."""
    if unit is None:
        return False
    units = readable_units(user)
    unit_id = unit if isinstance(unit, int) else unit.pk
    return units is None or units.filter(pk=unit_id).exists()


def readable_groups(user) -> QuerySet | None:
    """The one read rule for groups' business (pledges, scoring, ballots, reports, audit history): the groups
    whose business `user` reads, or None for every group. A group-year object is read by the group's members
    that year only (see `clusters.rules.member_of_group_year`).

    - a system admin: every group;
    - a reviewer: the groups its board organises (the central board too: a province's blocs are its board's);
    - a unit's staff and leader: the groups their unit is a member of (in some year);
    - anyone else: none."""
    if not user.is_authenticated or not user.is_active:
        return EmulationGroup.objects.none()
    if user.is_system_admin:
        return None
    if not user.unit_id:
        return EmulationGroup.objects.none()
    if user.role == Role.REVIEWER:
        return EmulationGroup.objects.filter(organizer_id=user.unit_id)
    if user.role in (Role.STAFF, Role.LEADER):
        return EmulationGroup.objects.filter(pk__in=Membership.objects.filter(unit_id=user.unit_id).values("group_id"))
    return EmulationGroup.objects.none()


def group_scope(user, field: str) -> Q:
    """A filter keeping the rows whose `field` (a path to a group) is a group `user` reads (`readable_groups`)."""
    groups = readable_groups(user)
    return Q() if groups is None else Q(**{f"{field}__in": groups.values("pk")})
