"""Reads for pledges: the pledge with its content, the signing progress, lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from clusters.models import MemberRole, Membership, Role, User
from clusters.search import search

from ..models import CriterionKind, Pledge, PledgeItem, PledgeSignature, PledgeStatus, ScoringCriterion

__all__ = [
    "SigningProgress",
    "criteria_sections",
    "pledge_detail_queryset",
    "pledge_for",
    "pledge_list",
    "previous_pledge",
    "signing_progress",
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


def pledge_list(*, year: int | None = None, status: str = "", query: str = "", unit_id: int | None = None) -> QuerySet:
    """Pledges with their member and live-signature counts. `unit_id` limits to the groups the unit belongs to."""
    pledges = Pledge.objects.select_related("group").annotate(
        item_count=Count("items", distinct=True),
    )
    if year:
        pledges = pledges.filter(year=year)
    if status:
        pledges = pledges.filter(status=status)
    if unit_id is not None:
        member_of = Membership.objects.filter(unit_id=unit_id).values_list("group_id", "year")
        condition = Q(pk__in=[])
        for group_id, member_year in member_of:
            condition |= Q(group_id=group_id, year=member_year)
        pledges = pledges.filter(condition)
    if query:
        pledges = search(pledges, query, "title", "group__name")
    return pledges.order_by("-year", "group__name")


@dataclass
class SignerRow:
    membership: Membership
    signature: PledgeSignature | None
    leaders: list[User] = field(default_factory=list)

    @property
    def is_chair(self) -> bool:
        return self.membership.role == MemberRole.CHAIR


@dataclass
class SigningProgress:
    rows: list[SignerRow]
    voided: list[PledgeSignature]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def signed(self) -> int:
        return sum(1 for row in self.rows if row.signature)

    @property
    def pending(self) -> list[SignerRow]:
        return [row for row in self.rows if not row.signature]

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.total) if self.total else 0

    @property
    def others_done(self) -> bool:
        """Every member but the chair has signed: the chair's turn."""
        return all(row.signature for row in self.rows if not row.is_chair)


def signing_progress(pledge: Pledge) -> SigningProgress:
    """Each member unit that year with its live signature of the current version (chair listed last)."""
    memberships = list(
        Membership.objects.filter(group_id=pledge.group_id, year=pledge.year)
        .select_related("unit")
        .order_by("unit__name")
    )
    signatures = PledgeSignature.objects.filter(pledge=pledge).select_related("unit", "signer").order_by("signed_at")
    live = {s.unit_id: s for s in signatures if s.voided_at is None and s.version == pledge.version}
    voided = [s for s in signatures if s.voided_at is not None or s.version != pledge.version]
    leaders: dict[int, list[User]] = {}
    for user in User.objects.filter(
        unit_id__in=[m.unit_id for m in memberships], role=Role.LEADER, is_active=True
    ).order_by("last_name"):
        leaders.setdefault(user.unit_id, []).append(user)
    rows = [SignerRow(m, live.get(m.unit_id), leaders.get(m.unit_id, [])) for m in memberships]
    rows.sort(key=lambda row: (row.is_chair, row.signature is None, row.membership.unit.name))
    return SigningProgress(rows=rows, voided=voided)


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


def open_pledges_for_leader(user) -> list[Pledge]:
    """Open pledges the user's unit is a member of and has not signed in the current version (dashboard)."""
    if not user.is_authenticated or user.unit_id is None:
        return []
    pairs = list(Membership.objects.filter(unit_id=user.unit_id).values_list("group_id", "year"))
    if not pairs:
        return []
    condition = Q(pk__in=[])
    for group_id, year in pairs:
        condition |= Q(group_id=group_id, year=year)
    pledges = list(Pledge.objects.filter(condition, status=PledgeStatus.OPEN).select_related("group"))
    signed = set(
        PledgeSignature.objects.filter(pledge__in=pledges, unit_id=user.unit_id, voided_at__isnull=True).values_list(
            "pledge_id", "version"
        )
    )
    return [p for p in pledges if (p.pk, p.version) not in signed]
