"""Reads of the year-end scoring. Totals and ranking are computed by the database in one query.

Ranking order (deterministic, every tie broken):
1. total points, highest first (criteria + bonus − penalty, verified points where the chair set them);
2. then the total without bonus points (the scoring-table criteria alone), highest first;
3. then fewer penalty points;
4. then the unit's name, then its id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank, RowNumber

from clusters.models import EmulationGroup, MemberRole, Membership

from ..models import (
    AdjustmentKind,
    CriterionKind,
    CriterionScore,
    Evidence,
    PledgeTarget,
    ScoreAdjustment,
    ScoringCriterion,
    ScoringRound,
    SelfAssessment,
    TargetResult,
)

__all__ = [
    "RANKING_ORDER",
    "assessment_sheet",
    "chair_unit_id",
    "ranking",
    "ranking_queryset",
    "round_for",
    "sheets",
]

POINTS = DecimalField(max_digits=10, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=POINTS)


def _score_sum(kind: str):
    effective = Coalesce(F("verified_points"), F("self_points"), output_field=POINTS)
    subquery = (
        CriterionScore.objects.filter(assessment=OuterRef("pk"), criterion__kind=kind)
        .order_by()
        .values("assessment")
        .annotate(total=Sum(effective))
        .values("total")
    )
    return Coalesce(Subquery(subquery, output_field=POINTS), ZERO, output_field=POINTS)


def _adjustment_sum(kind: str):
    subquery = (
        ScoreAdjustment.objects.filter(assessment=OuterRef("pk"), kind=kind)
        .order_by()
        .values("assessment")
        .annotate(total=Sum("points"))
        .values("total")
    )
    return Coalesce(Subquery(subquery, output_field=POINTS), ZERO, output_field=POINTS)


RANKING_ORDER = [
    F("total").desc(),
    F("base").desc(),
    F("penalty").asc(),
    F("unit__name").asc(),
    F("unit_id").asc(),
]


def ranking_queryset(*, rounds: QuerySet | None = None) -> QuerySet:
    """Assessments with base, bonus, penalty, total, their position (1, 2, 3, … no ties) and
    their rank on the total alone (equal totals share it), partitioned by scoring round."""
    assessments = SelfAssessment.objects.all() if rounds is None else SelfAssessment.objects.filter(round__in=rounds)
    return (
        assessments.select_related("unit", "round")
        .annotate(
            base=_score_sum(CriterionKind.CRITERION),
            claimed_bonus=_score_sum(CriterionKind.BONUS),
            claimed_penalty=_score_sum(CriterionKind.PENALTY),
            added_bonus=_adjustment_sum(AdjustmentKind.BONUS),
            added_penalty=_adjustment_sum(AdjustmentKind.PENALTY),
        )
        .annotate(
            bonus=F("claimed_bonus") + F("added_bonus"),
            penalty=F("claimed_penalty") + F("added_penalty"),
        )
        .annotate(total=F("base") + F("bonus") - F("penalty"))
        .annotate(
            position=Window(RowNumber(), partition_by=[F("round_id")], order_by=RANKING_ORDER),
            total_rank=Window(Rank(), partition_by=[F("round_id")], order_by=F("total").desc()),
        )
        .order_by("round_id", "position")
    )


def ranking(*, scoring_round: ScoringRound) -> list[SelfAssessment]:
    """The ranking of one round. Rows carry `tied` when another unit has the same total."""
    rows = list(ranking_queryset(rounds=ScoringRound.objects.filter(pk=scoring_round.pk)))
    totals: dict[Decimal, int] = {}
    for row in rows:
        totals[row.total] = totals.get(row.total, 0) + 1
    for row in rows:
        row.tied = totals[row.total] > 1
    return rows


def sheets(*, scoring_round: ScoringRound) -> list[SelfAssessment]:
    """The round's self-assessments in the order of the units' names, with no score: before the lock nothing
    on a page may rank the members (issue 14, item 6)."""
    return list(scoring_round.assessments.select_related("unit").order_by("unit__name", "unit_id"))


def chair_unit_id(*, group: EmulationGroup, year: int) -> int | None:
    return (
        Membership.objects.filter(group=group, year=year, role=MemberRole.CHAIR)
        .values_list("unit_id", flat=True)
        .first()
    )


def round_for(*, group: EmulationGroup, year: int) -> ScoringRound | None:
    return ScoringRound.objects.filter(group=group, year=year).select_related("pledge", "group").first()


@dataclass
class CriterionRow:
    criterion: ScoringCriterion
    score: CriterionScore | None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class TargetRow:
    target: PledgeTarget
    result: TargetResult | None


@dataclass
class AssessmentSheet:
    assessment: SelfAssessment
    criteria: list[CriterionRow]
    targets: list[TargetRow]
    adjustments: list[ScoreAdjustment]
    totals: SelfAssessment | None


def assessment_sheet(*, assessment: SelfAssessment) -> AssessmentSheet:
    """Everything on one unit's scoring page, in a fixed number of queries."""
    pledge_id = assessment.round.pledge_id
    scores = {
        s.criterion_id: s
        for s in CriterionScore.objects.filter(assessment=assessment)
        .select_related("verified_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")))
    }
    criteria = [
        CriterionRow(
            criterion=c,
            score=scores.get(c.pk),
            evidence=list(scores[c.pk].evidence.all()) if c.pk in scores else [],
        )
        for c in ScoringCriterion.objects.filter(pledge_id=pledge_id).order_by("order", "id")
    ]
    results = {r.target_id: r for r in TargetResult.objects.filter(assessment=assessment)}
    targets = [
        TargetRow(target=t, result=results.get(t.pk))
        for t in PledgeTarget.objects.filter(item__pledge_id=pledge_id)
        .select_related("item")
        .order_by("item__number", "order", "id")
    ]
    totals = ranking_queryset(rounds=ScoringRound.objects.filter(pk=assessment.round_id))
    totals_row = next((row for row in totals if row.pk == assessment.pk), None)
    return AssessmentSheet(
        assessment=assessment,
        criteria=criteria,
        targets=targets,
        adjustments=list(assessment.adjustments.select_related("created_by")),
        totals=totals_row,
    )
