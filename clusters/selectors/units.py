"""Reads of units: the registry's list, the boards that organise groups, a board's jurisdiction and the one
read rule of every role (which units' data and which groups' business a user reads)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import EmulationGroup, Membership, Role, Unit, UnitKind
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


# --- Jurisdiction and the read rule --------------------------------------------------------------------------
#: How many levels below a province its units reach (province → agency or district → collective or commune).
_DEPTH = 3


def _under(root_ids) -> Q:
    """The units `root_ids` (a list or a subquery of unit ids) and the units under them, down to `_DEPTH` levels."""
    where = Q(pk__in=root_ids)
    path = "parent_id"
    for _level in range(_DEPTH):
        where |= Q(**{f"{path}__in": root_ids})
        path = f"parent__{path}"
    return where


def units_in_jurisdiction(board: Unit) -> QuerySet:
    """The units a board answers for: every unit for the central board; for a province's board, the province
    (and the provinces merged into it) with every unit under them; for a board outside a province, itself and
    the units under it."""
    if board.kind == UnitKind.CENTRAL:
        return Unit.objects.all()
    root_id = board.parent_id or board.pk
    roots = Unit.objects.filter(Q(pk=root_id) | Q(successor_id=root_id)).values("pk")
    return Unit.objects.filter(_under(roots) | Q(pk=board.pk))


def in_jurisdiction(board: Unit, unit: Unit) -> bool:
    """The unit is in the board's jurisdiction (see `units_in_jurisdiction`)."""
    if board.kind == UnitKind.CENTRAL:
        return True
    return units_in_jurisdiction(board).filter(pk=unit.pk).exists()


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
