"""Reads of the year end. Totals and ranking are computed by the database in one query.

Ranking order (deterministic, every tie broken):
1. total points, highest first (criteria + bonus − penalty, verified points where the chair set them);
2. then the total without bonus points (the scoring-table criteria alone), highest first;
3. then fewer penalty points;
4. then the unit's name, then its id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank, RowNumber

from clusters.models import EmulationGroup, MemberRole, Membership, Role, User
from clusters.search import search

from ..models import (
    AdjustmentKind,
    Ballot,
    BallotParticipation,
    BallotQuestion,
    BallotResult,
    CriterionKind,
    CriterionScore,
    Evidence,
    PledgeTarget,
    QuestionKind,
    Report,
    ReportKind,
    ReportStatus,
    ScoreAdjustment,
    ScoringCriterion,
    ScoringRound,
    SelfAssessment,
    TargetResult,
)

__all__ = [
    "RANKING_ORDER",
    "assessment_sheet",
    "ballot_for",
    "ballot_results",
    "ranking",
    "ranking_queryset",
    "round_for",
    "voted_unit_ids",
    "yearend_overview",
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


# --- Ballot ---------------------------------------------------------------------------------------------
def ballot_for(*, group: EmulationGroup, year: int) -> Ballot | None:
    return Ballot.objects.filter(group=group, year=year).select_related("group").first()


def voted_unit_ids(*, ballot: Ballot) -> set[int]:
    return set(BallotParticipation.objects.filter(ballot=ballot).values_list("unit_id", flat=True))


def ballot_results(*, ballot: Ballot) -> list[BallotQuestion]:
    """The questions with their results (`question.rows`) and elected units (`question.elected`).
    Empty while the ballot is open: results exist only after closing."""
    if not ballot.is_closed:
        return []
    questions = list(
        ballot.questions.order_by("order", "id").prefetch_related(
            Prefetch(
                "results",
                queryset=BallotResult.objects.select_related("unit").order_by("position"),
                to_attr="rows",
            )
        )
    )
    for question in questions:
        question.elected = [row.unit for row in question.rows if row.elected]
    return questions


def leading_unit_vote(*, group_id: int, year: int, unit_id: int | None) -> tuple[str, bool] | None:
    """The group's ballot status for the year and whether it elected `unit_id` its leading unit; None without a
    ballot. Awards' eligibility checks read it (registered in emulation.apps)."""
    ballot = Ballot.objects.filter(group_id=group_id, year=year).only("status").first()
    if ballot is None:
        return None
    elected = BallotResult.objects.filter(
        question__ballot=ballot, question__kind=QuestionKind.LEADING, unit_id=unit_id, elected=True
    ).exists()
    return ballot.status, elected


def elected_units(*, ballot: Ballot, kind: str = QuestionKind.LEADING) -> list:
    return [
        r.unit
        for r in BallotResult.objects.filter(question__ballot=ballot, question__kind=kind, elected=True)
        .select_related("unit")
        .order_by("position")
    ]


def yearend_overview(*, user: User, year: int | None = None, query: str = "") -> QuerySet:
    """The group-years whose year end `user` takes part in, newest first, one `Membership` row each, with
    `scoring_status`, `ballot_status` and `report_finished_at` (the current summary report) annotated.

    A unit's staff and leader: every group-year their unit is a member of (the row is their own membership,
    so its role is theirs). A board's reviewers: the group-years of the groups their board organises; a
    system admin: all group-years (the row is the chair's membership, or, for a year without a chair yet,
    the first member's)."""
    if user.is_system_admin or user.role == Role.REVIEWER:
        # one row per group-year: its chair's membership, or, without a chair yet, its first member's
        # (anti-joins, which PostgreSQL runs as hash joins: a correlated "first row" subquery per membership
        # took ~0.9 s for an admin's 19,707 memberships at scale 1)
        members = Membership.objects.all()
        if not user.is_system_admin:
            members = members.filter(group__organizer_id=user.unit_id or 0)
        same_group_year = Membership.objects.filter(group=OuterRef("group_id"), year=OuterRef("year"))
        chairless_first = members.exclude(Exists(same_group_year.filter(role=MemberRole.CHAIR))).exclude(
            Exists(same_group_year.filter(pk__lt=OuterRef("pk")))
        )
        rows = members.filter(Q(role=MemberRole.CHAIR) | Q(pk__in=chairless_first.values("pk")))
    else:
        rows = Membership.objects.filter(unit_id=user.unit_id or 0)
    if year:
        rows = rows.filter(year=year)
    if query:
        rows = search(rows, query, "group__name")
    same_group_year = {"group": OuterRef("group_id"), "year": OuterRef("year")}
    return (
        rows.select_related("group", "unit")
        .annotate(
            scoring_status=Subquery(ScoringRound.objects.filter(**same_group_year).values("status")[:1]),
            ballot_status=Subquery(Ballot.objects.filter(**same_group_year).values("status")[:1]),
            report_finished_at=Subquery(
                Report.objects.filter(
                    **same_group_year, kind=ReportKind.GROUP_SUMMARY, is_current=True, status=ReportStatus.DONE
                ).values("finished_at")[:1]
            ),
        )
        .order_by("-year", "group__name", "group_id")
    )
