"""The data of the year-end summary reports, read with aggregate queries (never one query per row).

`group_summary` gathers one cluster's or bloc's year; `rollup_summary` gathers every group a board
organises. Both return plain dataclasses the DOCX, XLSX and PDF builders turn into documents.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from awards.models import Proposal
from awards.selectors.records import award_summary
from clusters.models import EmulationGroup, MemberRole, Membership, Unit

from ..models import (
    Ballot,
    BallotResult,
    Campaign,
    Pledge,
    PledgeItem,
    PledgeTarget,
    QuestionKind,
    ScoringRound,
    TargetResult,
)
from .ballots import ballot_results
from .scoring import ranking_queryset

__all__ = ["GroupSummary", "RollupRow", "RollupSummary", "group_summary", "place_name", "rollup_summary"]


def place_name(unit: Unit | None) -> str:
    """The place on the "<place>, ngày … tháng … năm …" line: the chair unit's name without its kind."""
    if unit is None:
        return ""
    name = unit.short_name or unit.name
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@dataclass
class TargetLine:
    target: PledgeTarget
    values: dict[int, Decimal]  # unit id → actual value
    reached: int = 0
    reported: int = 0


@dataclass
class ItemBlock:
    item: PledgeItem
    targets: list[TargetLine] = field(default_factory=list)


@dataclass
class GroupSummary:
    group: EmulationGroup
    year: int
    today: datetime.date
    members: list[Membership]
    chair: Membership | None
    vice_chair: Membership | None
    standing_agency: Membership | None
    pledge: Pledge | None
    items: list[ItemBlock]
    campaigns: list[Campaign]
    scoring_round: ScoringRound | None
    ranking: list
    ballot: Ballot | None
    questions: list
    next_chair: Membership | None
    next_vice_chair: Membership | None
    awards: dict
    proposals: list[Proposal]

    @property
    def units(self) -> list[Unit]:
        return [m.unit for m in self.members]

    @property
    def leading_units(self) -> list[Unit]:
        for question in self.questions:
            if question.kind == QuestionKind.LEADING:
                return question.elected
        return []

    @property
    def place(self) -> str:
        return place_name(self.chair.unit if self.chair else None)


def _members(group: EmulationGroup, year: int) -> list[Membership]:
    return list(Membership.objects.filter(group=group, year=year).select_related("unit").order_by("unit__name"))


def group_summary(*, group: EmulationGroup, year: int, today: datetime.date | None = None) -> GroupSummary:
    members = _members(group, year)
    roles = {m.role: m for m in members if m.role != MemberRole.MEMBER}
    standing = next((m for m in members if m.is_standing_agency), None)
    unit_ids = [m.unit_id for m in members]

    pledge = (
        Pledge.objects.filter(group=group, year=year)
        .prefetch_related(
            Prefetch("items", queryset=PledgeItem.objects.order_by("number")),
            Prefetch("items__targets", queryset=PledgeTarget.objects.order_by("order", "id")),
        )
        .first()
    )
    scoring_round = ScoringRound.objects.filter(group=group, year=year).first()
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if scoring_round is not None:
        for target_id, unit_id, actual in TargetResult.objects.filter(assessment__round=scoring_round).values_list(
            "target_id", "assessment__unit_id", "actual_value"
        ):
            values[target_id][unit_id] = actual
    items = []
    if pledge is not None:
        for item in pledge.items.all():
            block = ItemBlock(item=item)
            for target in item.targets.all():
                line = TargetLine(target=target, values=values.get(target.pk, {}))
                line.reported = len(line.values)
                line.reached = sum(1 for v in line.values.values() if v >= target.target_value)
                block.targets.append(line)
            items.append(block)

    campaign_filter = Q(groups=group) | Q(launching_group=group)
    if pledge is not None:
        campaign_filter |= Q(pledge_items__pledge=pledge)
    campaigns = [
        c
        for c in Campaign.objects.filter(campaign_filter).distinct().order_by("start_date", "title")
        if c.runs_in(year)
    ]

    # Nothing ranks before the lock (issue 14, item 6): the members read this report too.
    ranking = (
        list(ranking_queryset(rounds=ScoringRound.objects.filter(pk=scoring_round.pk)))
        if scoring_round is not None and scoring_round.is_closed
        else []
    )
    ballot = Ballot.objects.filter(group=group, year=year).first()
    questions = ballot_results(ballot=ballot) if ballot is not None else []
    next_officers = {
        m.role: m
        for m in Membership.objects.filter(group=group, year=year + 1)
        .exclude(role=MemberRole.MEMBER)
        .select_related("unit")
    }
    proposals = list(
        Proposal.objects.filter(source_group=group, year=year)
        .select_related("award_type", "nominee_unit", "nominee_person")
        .order_by("-award_type__rank", "id")
    )
    return GroupSummary(
        group=group,
        year=year,
        today=today or datetime.date.today(),
        members=members,
        chair=roles.get(MemberRole.CHAIR),
        vice_chair=roles.get(MemberRole.VICE_CHAIR),
        standing_agency=standing,
        pledge=pledge,
        items=items,
        campaigns=campaigns,
        scoring_round=scoring_round,
        ranking=ranking,
        ballot=ballot,
        questions=questions,
        next_chair=next_officers.get(MemberRole.CHAIR),
        next_vice_chair=next_officers.get(MemberRole.VICE_CHAIR),
        awards=award_summary(unit_ids=unit_ids, year=year),
        proposals=proposals,
    )


# --- Roll-up across the groups a board organises -----------------------------------------------------------
@dataclass
class RollupRow:
    group: EmulationGroup
    member_count: int
    chair: Unit | None = None
    vice_chair: Unit | None = None
    top_scored: Unit | None = None
    top_total: Decimal | None = None
    scored: int = 0
    leading: list[Unit] = field(default_factory=list)
    next_chair: Unit | None = None
    proposals: int = 0


@dataclass
class RollupSummary:
    organizer: Unit
    year: int
    today: datetime.date
    rows: list[RollupRow]
    awards: dict

    @property
    def member_total(self) -> int:
        return sum(row.member_count for row in self.rows)


def _groups_of(organizer: Unit, year: int) -> QuerySet:
    return (
        EmulationGroup.objects.filter(organizer=organizer, memberships__year=year)
        .annotate(member_count=Count("memberships", filter=Q(memberships__year=year), distinct=True))
        .order_by("kind", "name")
    )


def rollup_summary(*, organizer: Unit, year: int, today: datetime.date | None = None) -> RollupSummary:
    """Every group the board organises in `year`: size, officers, leader by score and by ballot, proposals."""
    groups = list(_groups_of(organizer, year))
    rows = {g.pk: RollupRow(group=g, member_count=g.member_count) for g in groups}
    group_ids = list(rows)
    for membership in (
        Membership.objects.filter(group_id__in=group_ids, year__in=[year, year + 1])
        .exclude(role=MemberRole.MEMBER)
        .select_related("unit")
    ):
        row = rows[membership.group_id]
        if membership.year == year and membership.role == MemberRole.CHAIR:
            row.chair = membership.unit
        elif membership.year == year and membership.role == MemberRole.VICE_CHAIR:
            row.vice_chair = membership.unit
        elif membership.year == year + 1 and membership.role == MemberRole.CHAIR:
            row.next_chair = membership.unit
    rounds = ScoringRound.objects.filter(group_id__in=group_ids, year=year)
    for assessment in ranking_queryset(rounds=rounds):
        row = rows[assessment.round.group_id]
        row.scored += 1
        if assessment.position == 1:
            row.top_scored = assessment.unit
            row.top_total = assessment.total
    for result in (
        BallotResult.objects.filter(
            question__ballot__group_id__in=group_ids,
            question__ballot__year=year,
            question__kind=QuestionKind.LEADING,
            elected=True,
        )
        .select_related("unit", "question__ballot")
        .order_by("position")
    ):
        rows[result.question.ballot.group_id].leading.append(result.unit)
    for item in (
        Proposal.objects.filter(source_group_id__in=group_ids, year=year)
        .values("source_group_id")
        .annotate(n=Count("id"))
    ):
        rows[item["source_group_id"]].proposals = item["n"]
    unit_ids = Membership.objects.filter(group_id__in=group_ids, year=year).values_list("unit_id", flat=True)
    return RollupSummary(
        organizer=organizer,
        year=year,
        today=today or datetime.date.today(),
        rows=[rows[g.pk] for g in groups],
        awards=award_summary(unit_ids=set(unit_ids), year=year),
    )
