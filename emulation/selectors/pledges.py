"""Reads for pledges: the pledge with its content and scoring table, lists."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from clusters.models import Membership, Role
from clusters.search import search
from clusters.selectors.units import group_scope

from ..models import CriterionKind, Pledge, PledgeItem, ScoringCriterion

__all__ = [
    "criteria_sections",
    "pledge_detail_queryset",
    "pledge_for",
    "pledge_list",
    "previous_pledge",
]


def pledge_detail_queryset() -> QuerySet:
    """Pledges with items (targets, campaigns) and the scoring table prefetched."""
    return Pledge.objects.select_related("group", "group__organizer", "copied_from").prefetch_related(
        Prefetch(
            "items",
            queryset=PledgeItem.objects.order_by("number").prefetch_related("targets", "campaigns"),
        ),
        Prefetch("criteria", queryset=ScoringCriterion.objects.order_by("order", "code")),
    )


def pledge_for(*, group, year: int) -> Pledge | None:
    """The pledge of `group` for `year`, with items, targets and criteria prefetched, or None."""
    return pledge_detail_queryset().filter(group=group, year=year).first()


def previous_pledge(*, group, year: int) -> Pledge | None:
    return Pledge.objects.filter(group=group, year__lt=year).order_by("-year").first()


def pledge_list(*, user, year: int | None = None, status: str = "", query: str = "") -> QuerySet:
    """The pledges `user` reads, with their item counts: a system admin's all, a board's reviewers' those of
    the groups it organises (`clusters.selectors.units.readable_groups`), a unit's staff and leader those of
    the groups their unit is a member of in the pledge's year."""
    pledges = (
        Pledge.objects.select_related("group")
        .filter(group_scope(user, "group"))
        .annotate(
            item_count=Count("items", distinct=True),
        )
    )
    if year:
        pledges = pledges.filter(year=year)
    if status:
        pledges = pledges.filter(status=status)
    if not user.is_system_admin and user.role in (Role.STAFF, Role.LEADER):  # a member reads its years only
        member_of = Membership.objects.filter(unit_id=user.unit_id or 0).values_list("group_id", "year")
        condition = Q(pk__in=[])
        for group_id, member_year in member_of:
            condition |= Q(group_id=group_id, year=member_year)
        pledges = pledges.filter(condition)
    if query:
        pledges = search(pledges, query, "title", "group__name")
    return pledges.order_by("-year", "group__name")


@dataclass
class CriteriaSection:
    title: str
    criteria: list[ScoringCriterion]

    @property
    def max_points(self) -> Decimal:
        return sum((c.max_points for c in self.criteria if c.kind == CriterionKind.CRITERION), Decimal(0))


def criteria_sections(pledge: Pledge) -> tuple[list[CriteriaSection], Decimal]:
    """The scoring table grouped by section (in order), and the total of the maximum points of the criteria."""
    criteria = list(pledge.criteria.all())
    sections = [CriteriaSection(title, list(rows)) for title, rows in groupby(criteria, key=lambda c: c.section)]
    total = sum((c.max_points for c in criteria if c.kind == CriterionKind.CRITERION), Decimal(0))
    return sections, total
