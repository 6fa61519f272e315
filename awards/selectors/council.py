"""Reads of the award council: councils a user manages, sessions, results; never who voted what."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from clusters.models import User

from ..models import AgendaItem, Council, CouncilSession, Proposal, ProposalStatus, SessionStatus
from .workflow import reviewer_scope

#: Proposals a council may vote on: sent to the board and not yet decided.
AGENDA_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED)


def councils_for(user: User) -> QuerySet:
    councils = Council.objects.select_related("board").annotate(n_members=Count("members", distinct=True))
    if user.is_system_admin:
        return councils
    return councils.filter(board_id=user.unit_id)


def open_sessions_of_member(user: User) -> QuerySet:
    """The open sessions of the councils `user` sits on, where they have not voted yet."""
    return (
        CouncilSession.objects.filter(council__members__user_id=user.pk, status=SessionStatus.OPEN)
        .exclude(votes_cast__member__user_id=user.pk)
        .select_related("council")
        .order_by("held_on", "id")
    )


def sessions_of(council: Council) -> QuerySet:
    return council.sessions.annotate(n_items=Count("items", distinct=True)).order_by("-held_on", "-id")


def agenda_choices(user: User) -> QuerySet:
    """Proposals a board's reviewer may put on a session's agenda: those the board reviews, not yet decided."""
    return (
        Proposal.objects.filter(reviewer_scope(user), status__in=AGENDA_STATUSES)
        .select_related("award_type", "nominee_person", "nominee_unit")
        .order_by("-year", "award_type__rank", "id")[:500]
    )


def session_items(session: CouncilSession) -> list[AgendaItem]:
    return list(
        session.items.select_related(
            "proposal__award_type", "proposal__nominee_person", "proposal__nominee_unit", "proposal__proposing_unit"
        )
    )


def council_result(proposal_id: int) -> AgendaItem | None:
    """The latest count of a closed session (with a quorum) that had the proposal on its agenda."""
    return (
        AgendaItem.objects.filter(proposal_id=proposal_id, session__status=SessionStatus.CLOSED)
        .select_related("session__council")
        .order_by("-session__closed_at", "-pk")
        .first()
    )
