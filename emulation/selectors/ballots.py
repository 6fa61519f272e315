"""Reads of the year-end ballot: the ballot of a group-year, who has voted, the results once closed."""

from __future__ import annotations

from django.db.models import Prefetch

from clusters.models import EmulationGroup, Membership, Unit

from ..models import Ballot, BallotParticipation, BallotQuestion, BallotResult, QuestionKind

__all__ = ["ballot_for", "ballot_results", "elected_units", "not_voted", "voted_unit_ids"]


def ballot_for(*, group: EmulationGroup, year: int) -> Ballot | None:
    return Ballot.objects.filter(group=group, year=year).select_related("group").first()


def voted_unit_ids(*, ballot: Ballot) -> set[int]:
    return set(BallotParticipation.objects.filter(ballot=ballot).values_list("unit_id", flat=True))


def not_voted(*, ballot: Ballot) -> list[Unit]:
    """The member units that have not voted yet, by name: who, never what anyone chose."""
    return [
        m.unit
        for m in Membership.objects.filter(group_id=ballot.group_id, year=ballot.year)
        .exclude(unit_id__in=BallotParticipation.objects.filter(ballot=ballot).values("unit_id"))
        .select_related("unit")
        .order_by("unit__name", "unit_id")
    ]


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
