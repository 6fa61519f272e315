"""Dashboard panel of the year end: self-scoring to do, scores to verify, ballots to vote in."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import MemberRole, Membership, Role

from ..models import (
    AssessmentStatus,
    Ballot,
    BallotParticipation,
    BallotStatus,
    RoundStatus,
    ScoringRound,
    SelfAssessment,
)


@register
def year_end_actions(user):
    """Staff and leaders of a unit: their self-assessments to fill or submit, the open ballots their leader has
    not voted in; for the chair unit: submitted self-assessments waiting for verification."""
    if not user.is_authenticated or user.role not in (Role.STAFF, Role.LEADER) or not user.unit_id:
        return None
    items = []
    own = (
        SelfAssessment.objects.filter(
            unit_id=user.unit_id, round__status=RoundStatus.OPEN, status=AssessmentStatus.DRAFT
        )
        .select_related("round__group")
        .order_by("-round__year", "round__group__name")
    )
    for assessment in own:
        items.append(
            PanelItem(
                text=_("Tự chấm điểm: %(group)s — %(year)s")
                % {"group": assessment.round.group.name, "year": assessment.round.year},
                url=reverse("yearend:assessment", args=[assessment.pk]),
                badge=_("chờ lãnh đạo gửi") if user.role == Role.LEADER else _("đang tự chấm"),
                level="warning",
            )
        )
    chaired = Membership.objects.filter(unit_id=user.unit_id, role=MemberRole.CHAIR).values("group_id", "year")
    to_verify = (
        ScoringRound.objects.filter(status=RoundStatus.OPEN)
        .filter(Exists(chaired.filter(group_id=OuterRef("group_id"), year=OuterRef("year"))))
        .annotate(waiting=Count("assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)))
        .filter(waiting__gt=0)
        .select_related("group")
    )
    for scoring_round in to_verify:
        items.append(
            PanelItem(
                text=_("Thẩm định điểm: %(group)s — %(year)s")
                % {"group": scoring_round.group.name, "year": scoring_round.year},
                url=reverse("yearend:scoring", args=[scoring_round.group_id, scoring_round.year]),
                badge=_("%(count)s đơn vị chờ") % {"count": scoring_round.waiting},
                level="danger",
            )
        )
    if user.role == Role.LEADER:
        member_of = Membership.objects.filter(unit_id=user.unit_id).values("group_id", "year")
        ballots = (
            Ballot.objects.filter(status=BallotStatus.OPEN)
            .filter(Exists(member_of.filter(group_id=OuterRef("group_id"), year=OuterRef("year"))))
            .exclude(Exists(BallotParticipation.objects.filter(ballot=OuterRef("pk"), unit_id=user.unit_id)))
            .select_related("group")
        )
        for ballot in ballots:
            items.append(
                PanelItem(
                    text=_("Bỏ phiếu: %(title)s") % {"title": ballot.title},
                    url=reverse("yearend:ballot", args=[ballot.group_id, ballot.year]),
                    badge=_("chờ đơn vị bỏ phiếu"),
                    level="danger",
                )
            )
    if not items:
        return None
    return Panel(title=_("Tổng kết năm"), items=items, order=20)
