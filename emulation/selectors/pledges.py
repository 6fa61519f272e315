"""Reads for pledges: the pledge with its content and scoring table, lists."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from clusters.models import Membership, Role
from clusters.search import search
from clusters.selectors.units import group_scope

from ..models import (
    Ballot,
    BallotStatus,
    Campaign,
    CriterionKind,
    Pledge,
    PledgeItem,
    PledgeStatus,
    RoundStatus,
    ScoringCriterion,
    ScoringRound,
)

__all__ = [
    "campaigns_for_item",
    "criteria_sections",
    "membership_freeze_reason",
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


def campaigns_for_item(*, pledge: Pledge, item: PledgeItem | None = None) -> QuerySet:
    """The campaigns an item of `pledge` may be tied to: those running in the pledge's year that are the group's
    own (launched by it or with it taking part) or its organiser's (launched by the organising board); and
    whatever the item is tied to already, so that saving it again never drops a link silently."""
    group = pledge.group
    running = Q(start_date__year__lte=pledge.year) & (Q(end_date__isnull=True) | Q(end_date__year__gte=pledge.year))
    own = (
        Q(launching_group_id=group.pk)
        | Q(pk__in=group.campaigns.values("pk"))
        | Q(launching_unit_id=group.organizer_id)
    )
    linked = Q(pk__in=item.campaigns.values("pk")) if item is not None and item.pk else Q(pk__in=[])
    return Campaign.objects.filter((running & own) | linked).order_by("title")


def pledge_for(*, group, year: int) -> Pledge | None:
    """The pledge of `group` for `year`, with items, targets and criteria prefetched, or None."""
    return pledge_detail_queryset().filter(group=group, year=year).first()


def previous_pledge(*, group, year: int) -> Pledge | None:
    return Pledge.objects.filter(group=group, year__lt=year).order_by("-year").first()


def _item_count() -> Subquery:
    """The number of items of the pledge of the outer row."""
    items = (
        PledgeItem.objects.filter(pledge=OuterRef("pk")).order_by().values("pledge").annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


def pledge_list(*, user, year: int | None = None, status: str = "", query: str = "") -> QuerySet:
    """The pledges `user` reads, with their item counts: a system admin's all, a board's reviewers' those of
    the groups it organises (`clusters.selectors.units.readable_groups`), a unit's staff and leader those of
    the groups their unit is a member of in the pledge's year."""
    pledges = (
        Pledge.objects.select_related("group")
        .filter(group_scope(user, "group"))
        # counted per row shown (a subquery), not by a GROUP BY joining every pledge's items before the page is
        # cut: that aggregated 126,000 items for an admin's first page at scale 10 (~250 ms)
        .annotate(item_count=_item_count())
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


def membership_freeze_reason(group, year: int) -> str | None:
    """Why the group's members, chair and vice-chair of `year` may not change now, or None.

    They are frozen from the moment the year's pledge is opened for signing: the members are who signs, and a
    signature or seal must not silently lose or gain a signer. While the pledge is open, the chair amends it
    (a new version, back to drafting), changes the members, then opens the new version, whose snapshot names
    them; once it is signed, or once the year's scoring or ballot closed, they are frozen for good.
    Registered with `clusters.services.groups.register_membership_freeze`; PostgreSQL enforces the same
    (migration 0004).
    """
    status = Pledge.objects.filter(group=group, year=year).values_list("status", flat=True).first()
    if status == PledgeStatus.OPEN:
        return _(
            "Giao ước thi đua năm %(year)s đang trong thời gian ký kết: thành viên, đơn vị trưởng và đơn vị phó đã "
            "được chốt. Muốn thay đổi, đơn vị trưởng hãy sửa đổi giao ước (tạo phiên bản mới) trước, rồi mở ký lại."
        ) % {"year": year}
    if status == PledgeStatus.SIGNED:
        return _(
            "Giao ước thi đua năm %(year)s đã ký kết và đã khóa: thành viên, đơn vị trưởng và đơn vị phó năm này "
            "không thể thay đổi."
        ) % {"year": year}
    if ScoringRound.objects.filter(group=group, year=year, status=RoundStatus.CLOSED).exists():
        return _("Đã khóa sổ chấm điểm năm %(year)s: thành viên năm này không thể thay đổi.") % {"year": year}
    if Ballot.objects.filter(group=group, year=year, status=BallotStatus.CLOSED).exists():
        return _("Đã kết thúc bỏ phiếu bình xét năm %(year)s: thành viên năm này không thể thay đổi.") % {"year": year}
    return None
