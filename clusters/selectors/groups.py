"""Reads of clusters and blocs: their lists, a group's year (members and officers), its chairs over the years,
a unit's memberships."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..concurrency import state_version
from ..models import EmulationGroup, MemberRole, Membership, Unit, UnitKind
from ..search import search
from .units import units_active_in, units_in_jurisdiction


def default_year() -> int:
    """The year shown when none is asked for: the latest year with members, not after this year."""
    this_year = timezone.localdate().year
    latest = Membership.objects.filter(year__lte=this_year).order_by("-year").values_list("year", flat=True).first()
    return latest or this_year


def group_list(
    *, year: int | None = None, query: str = "", kind: str = "", organizer_id: int | None = None
) -> QuerySet:
    """Clusters and blocs, with their member count, chair and vice-chair for `year`."""
    groups = EmulationGroup.objects.select_related("organizer")
    if kind:
        groups = groups.filter(kind=kind)
    if organizer_id:
        groups = groups.filter(organizer_id=organizer_id)
    if query:
        groups = search(groups, query, "name", "short_name")
    if year:
        # A correlated count per group shown (an index-only scan of the group's members that year), not a
        # join of every group with ten years of members grouped before the page is cut (nor in the count).
        members = (
            Membership.objects.filter(group_id=OuterRef("pk"), year=year)
            .order_by()
            .values("group_id")
            .annotate(n=Count("*"))
            .values("n")
        )
        groups = groups.annotate(
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0)
        ).prefetch_related(
            Prefetch(
                "memberships",
                # one year's officers, in the order of their units' names (the model's order would join the groups
                # again to sort by their names, which the prefetch does not need)
                queryset=Membership.objects.filter(year=year)
                .exclude(role=MemberRole.MEMBER)
                .select_related("unit")
                .order_by("unit__name", "pk"),
                to_attr="officers",
            )
        )
    return groups.order_by("name")


@dataclass
class GroupYearView:
    group: EmulationGroup
    year: int
    members: list[Membership]
    chair: Membership | None = None
    vice_chair: Membership | None = None
    standing_agency: Membership | None = None
    years: list[int] = field(default_factory=list)


def group_year(*, group: EmulationGroup, year: int) -> GroupYearView:
    """A group in one year: its members with their roles."""
    members = list(
        Membership.objects.filter(group=group, year=year)
        .select_related("unit", "unit__successor")
        .order_by("unit__name")
    )
    view = GroupYearView(group=group, year=year, members=members, years=group_years(group=group))
    for membership in members:
        if membership.role == MemberRole.CHAIR:
            view.chair = membership
        elif membership.role == MemberRole.VICE_CHAIR:
            view.vice_chair = membership
        if membership.is_standing_agency:
            view.standing_agency = membership
    return view


def group_years(*, group: EmulationGroup) -> list[int]:
    return list(Membership.objects.filter(group=group).values_list("year", flat=True).distinct().order_by("-year"))


def chair_history(*, group: EmulationGroup) -> list[dict]:
    """For every year of the group: its chair and vice-chair units (newest first)."""
    rows: dict[int, dict] = defaultdict(lambda: {"chair": None, "vice_chair": None})
    officers = (
        Membership.objects.filter(group=group).exclude(role=MemberRole.MEMBER).select_related("unit").order_by("-year")
    )
    for membership in officers:
        rows[membership.year][membership.role] = membership.unit
    return [{"year": year, **roles} for year, roles in sorted(rows.items(), reverse=True)]


def unit_memberships(*, unit: Unit) -> QuerySet:
    return Membership.objects.filter(unit=unit).select_related("group").order_by("-year", "group__name")


def member_candidates(*, group: EmulationGroup, year: int) -> QuerySet:
    """The units the group's board may enrol for `year`: in its jurisdiction (the central board: any), active
    that year, not a board."""
    units = units_in_jurisdiction(group.organizer).exclude(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL])
    return units_active_in(year, units).order_by("kind", "name", "id")


def memberships_version(*, group: EmulationGroup, year: int) -> str:
    """The version of the group's members and officers in `year`, for the members form (a `state_version`)."""
    return state_version(
        Membership.objects.filter(group=group, year=year).values_list("unit_id", "role", "is_standing_agency")
    )


@dataclass
class LastYearsMembers:
    """Last year's members of a group that may be enrolled again (`units`), and the names of those that may not
    (not active this year, or outside the board's jurisdiction: `left_out`)."""

    units: list[Unit]
    left_out: list[str]


def last_years_members(*, group: EmulationGroup, year: int) -> LastYearsMembers:
    """The members of `year - 1` to start `year`'s list from (the member form's "copy last year's members")."""
    offered = set(member_candidates(group=group, year=year).values_list("pk", flat=True))
    units, left_out = [], []
    for membership in group_year(group=group, year=year - 1).members:
        if membership.unit_id in offered:
            units.append(membership.unit)
        else:
            left_out.append(membership.unit.name)
    return LastYearsMembers(units=units, left_out=left_out)
