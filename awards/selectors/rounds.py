"""Reads of rounds (đợt xét): the rounds a user sees, and the proposals of a round with their late flags."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusters.models import Role
from clusters.selectors.units import boards_over, units_in_jurisdiction

from ..models import AwardRound, Proposal, RoundPurpose
from .proposals import readable_proposals


def round_list(user, *, year: int | None = None) -> QuerySet:
    """A board's reviewers see their board's rounds; a unit's people the rounds of the boards over their unit; a
    system admin every round."""
    rounds = AwardRound.objects.select_related("board").prefetch_related("award_types")
    if year:
        rounds = rounds.filter(year=year)
    if user.is_system_admin:
        return rounds
    if not user.unit_id:
        return rounds.none()
    if user.role == Role.REVIEWER:
        return rounds.filter(board_id=user.unit_id)
    if user.role in (Role.STAFF, Role.LEADER):
        return rounds.filter(board__in=boards_over(user.unit_id))
    return rounds.none()


def round_proposals(user, round_: AwardRound) -> QuerySet:
    """The proposals sent in a round (proposals' rounds) that the user reads, late ones first."""
    if round_.purpose != RoundPurpose.PROPOSALS:
        return Proposal.objects.none()
    proposals = readable_proposals(user).filter(
        year=round_.year,
        kind=round_.kind,
        submitted_at__isnull=False,
        proposing_unit__in=units_in_jurisdiction(round_.board).values("pk"),
    )
    types = [t.pk for t in round_.award_types.all()]
    if types:
        proposals = proposals.filter(Q(award_type_id__in=types))
    return proposals.select_related("award_type", "proposing_unit", "nominee_unit", "nominee_person").order_by(
        "-is_late", "proposing_unit__name", "id"
    )
