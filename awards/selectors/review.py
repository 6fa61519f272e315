"""Reads of the review inside a board: its configuration, who holds which position, the routing table, who is
recused from a dossier, each step's inbox and a dossier's timeline."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from clusters.models import Role, Unit, User

from ..models import (
    DeclaredRelation,
    Position,
    Proposal,
    ProposalReview,
    ProposalStatus,
    ReviewConfig,
    ReviewHolding,
    ReviewStep,
    RoutingRule,
    StaffPosition,
)
from .workflow import reviewer_scope

#: The inbox of each step, by its URL slug.
INBOX_STEPS = {
    "tiep-nhan": ReviewStep.INTAKE,
    "chuyen-vien": ReviewStep.ASSESSMENT,
    "truong-phong": ReviewStep.HEAD,
    "lanh-dao": ReviewStep.LEADER,
}
STEP_SLUGS = {step: slug for slug, step in INBOX_STEPS.items()}
POSITION_OF_STEP = {
    ReviewStep.ASSESSMENT: Position.SPECIALIST,
    ReviewStep.HEAD: Position.HEAD,
    ReviewStep.LEADER: Position.LEADER,
}


def config_of(board_id: int | None) -> ReviewConfig | None:
    """The board's configuration when it runs the steps; None for a board with the single reviewer."""
    if not board_id:
        return None
    return ReviewConfig.objects.filter(board_id=board_id, enabled=True).first()


def config_for_edit(board: Unit) -> ReviewConfig:
    return ReviewConfig.objects.filter(board=board).first() or ReviewConfig(board=board)


def runs_steps(user) -> bool:
    """The user's board reviews with steps."""
    return bool(
        user.is_authenticated
        and user.role == Role.REVIEWER
        and user.unit_id
        and ReviewConfig.objects.filter(board_id=user.unit_id, enabled=True).exists()
    )


def positions_of(user, board_id: int | None = None) -> set[str]:
    if not user.is_authenticated or not user.is_active or user.role != Role.REVIEWER or not user.unit_id:
        return set()
    board_id = board_id or user.unit_id
    if board_id != user.unit_id:
        return set()
    return set(StaffPosition.objects.filter(board_id=board_id, user=user).values_list("position", flat=True))


def holders(board_id: int, position: str) -> QuerySet:
    return User.objects.filter(
        review_positions__board_id=board_id,
        review_positions__position=position,
        is_active=True,
        role=Role.REVIEWER,
        unit_id=board_id,
    ).order_by("full_name", "pk")


def staff_positions(board: Unit) -> QuerySet:
    return StaffPosition.objects.filter(board=board).select_related("user")


def routing_rules(board: Unit) -> QuerySet:
    return RoutingRule.objects.filter(board=board).select_related("specialist", "award_type", "area_unit")


def recused_unit_ids(proposal: Proposal) -> set[int]:
    """The units a dossier belongs to: its proposing unit, its nominee collective, its nominee person's unit."""
    ids = {proposal.proposing_unit_id, proposal.nominee_unit_id}
    if proposal.nominee_person_id:
        ids.add(proposal.nominee_person.unit_id)
    return {i for i in ids if i}


def recusal_reason(user: User, proposal: Proposal) -> str:
    """Why `user` may not handle `proposal` ('' if they may): their own unit, or a declared relation."""
    from django.utils.translation import gettext as _

    units = recused_unit_ids(proposal)
    if user.unit_id in units:
        return _("%(name)s thuộc đơn vị có hồ sơ này.") % {"name": user.display_name()}
    relation = DeclaredRelation.objects.filter(user=user, unit_id__in=units).select_related("unit").first()
    if relation is not None:
        return _("%(name)s đã kê khai quan hệ với %(unit)s (%(note)s).") % {
            "name": user.display_name(),
            "unit": relation.unit.name,
            "note": relation.note,
        }
    return ""


def eligible_specialists(board_id: int, proposal: Proposal) -> QuerySet:
    """The board's specialists who may handle the dossier: not of its units, no declared relation with them."""
    units = recused_unit_ids(proposal)
    related = DeclaredRelation.objects.filter(unit_id__in=units).values("user_id")
    return holders(board_id, Position.SPECIALIST).exclude(unit_id__in=units).exclude(pk__in=related)


def routed_specialist(board_id: int, proposal: Proposal) -> User | None:
    """The specialist the routing table gives the dossier (the most specific line; a recused one is skipped)."""
    eligible = set(eligible_specialists(board_id, proposal).values_list("pk", flat=True))
    unit = proposal.proposing_unit
    area = Q(area_unit__isnull=True) | Q(area_unit_id=unit.pk)
    if unit.parent_id:
        area |= Q(area_unit_id=unit.parent_id)
    candidates = RoutingRule.objects.filter(board_id=board_id, specialist_id__in=eligible).filter(
        area,
        Q(award_type__isnull=True) | Q(award_type_id=proposal.award_type_id),
        Q(award_level="") | Q(award_level=proposal.award_type.level),
    )

    def rank(rule: RoutingRule) -> tuple:
        area = 2 if rule.area_unit_id == unit.pk else 1 if rule.area_unit_id else 0
        return (area, rule.award_type_id is not None, bool(rule.award_level), -rule.pk)

    rules_ = sorted(candidates.select_related("specialist"), key=rank, reverse=True)
    return rules_[0].specialist if rules_ else None


def review_of(proposal: Proposal) -> ProposalReview | None:
    return ProposalReview.objects.filter(proposal=proposal).select_related("holder", "specialist", "board").first()


def timeline(proposal: Proposal) -> list[ReviewHolding]:
    return list(ReviewHolding.objects.filter(proposal=proposal).select_related("holder"))


def inbox(user, step: str) -> QuerySet:
    """The dossiers waiting at `step` for `user`: at intake, those sent up to the board and not yet received
    and those received but not yet assigned; at the specialist's step, those assigned to them; at the head's
    and the leader's, those of their board at that step. A system admin sees every board's."""
    proposals = Proposal.objects.select_related(
        "award_type", "proposing_unit", "nominee_unit", "nominee_person", "review", "review__holder"
    ).order_by("submitted_at", "pk")
    if user.is_authenticated and user.is_system_admin:
        return proposals.filter(review__step=step)
    config = config_of(user.unit_id) if user.is_authenticated and user.role == Role.REVIEWER else None
    if config is None:
        return proposals.none()
    positions = positions_of(user)
    if step == ReviewStep.INTAKE:
        if config.intake_position not in positions:
            return proposals.none()
        waiting = Q(status=ProposalStatus.SUBMITTED) & (Q(review__isnull=True) | Q(review__step=ReviewStep.DONE))
        return proposals.filter(reviewer_scope(user)).filter(
            waiting | Q(review__board_id=user.unit_id, review__step=ReviewStep.INTAKE)
        )
    if step == ReviewStep.ASSESSMENT:
        return proposals.filter(review__board_id=user.unit_id, review__step=step, review__specialist=user)
    if POSITION_OF_STEP.get(step) not in positions:
        return proposals.none()
    return proposals.filter(review__board_id=user.unit_id, review__step=step)


def overdue(today: datetime.date | None = None) -> QuerySet:
    """Dossiers whose step is due tomorrow or earlier and whose holders have not been reminded today."""
    today = today or timezone.localdate()
    return (
        ProposalReview.objects.exclude(step=ReviewStep.DONE)
        .filter(due_on__lte=today + datetime.timedelta(days=1))
        .exclude(reminded_on=today)
        .select_related("holder", "proposal", "proposal__award_type", "proposal__nominee_person")
        .select_related("proposal__nominee_unit", "proposal__proposing_unit")
    )
