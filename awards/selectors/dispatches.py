"""Reads of routing by authority and of khen cao dossiers: where an award is decided, what a board may send up,
the dossiers a board sent or received, and what a proposal's page shows of its way up and back."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Role, Unit, UnitKind

from ..models import AwardLevel, Dispatch, DispatchItem, DispatchOutcome, Proposal, ProposalStatus
from .workflow import NATIONAL_LEVELS

UNIT, PROVINCE, CENTRAL = "unit", "province", "central"

#: Where each route's awards are decided, as the proposal's page says it.
ROUTE_LABELS = {
    UNIT: _("Thủ trưởng đơn vị quyết định, xét tại đơn vị (không trình lên Ban)"),
    PROVINCE: _("Ban Thi đua - Khen thưởng cấp tỉnh thẩm định, Chủ tịch UBND cấp tỉnh quyết định"),
    CENTRAL: _("Ban cấp tỉnh thẩm định, gửi hồ sơ khen cao lên Trung ương quyết định"),
}


def route_of(level: str) -> str:
    """Where an award of this catalogue level (`AwardType.level`) is decided: inside the unit (basic), at the
    provincial board (ministry, province), or at the central level after the province's review (Government,
    State)."""
    if level == AwardLevel.BASIC:
        return UNIT
    if level in NATIONAL_LEVELS:
        return CENTRAL
    return PROVINCE


def central_board() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.CENTRAL).order_by("pk").first()


def dispatchable_proposals(board: Unit) -> QuerySet:
    """State-level proposals a provincial board has reviewed and approved and not yet sent up."""
    national = Q(award_type__level__in=NATIONAL_LEVELS)
    from clusters.selectors.units import units_in_jurisdiction

    return (
        Proposal.objects.filter(
            national,
            status=ProposalStatus.APPROVED,
            dispatch_item__isnull=True,
            proposing_unit__in=units_in_jurisdiction(board).values("pk"),
        )
        .select_related("award_type", "nominee_unit", "nominee_person", "proposing_unit")
        .order_by("award_type__name", "id")
    )


def readable_dispatches(user) -> QuerySet:
    dispatches = Dispatch.objects.select_related("sender", "recipient").annotate(
        total=Count("items"),
        pending=Count("items", filter=Q(items__outcome=DispatchOutcome.PENDING)),
        granted=Count("items", filter=Q(items__outcome=DispatchOutcome.GRANTED)),
    )
    if not user.is_authenticated or not user.is_active:
        return dispatches.none()
    if user.is_system_admin:
        return dispatches
    if user.role == Role.REVIEWER and user.unit_id:
        return dispatches.filter(Q(sender_id=user.unit_id) | Q(recipient_id=user.unit_id))
    return dispatches.none()


def dispatch_items(dispatch: Dispatch) -> QuerySet:
    return dispatch.items.select_related(
        "proposal__award_type", "proposal__nominee_unit", "proposal__nominee_person", "proposal__proposing_unit"
    ).order_by("id")


def routing_of(user, proposal: Proposal) -> dict:
    """What the proposal's page shows of its route: where it is decided, the khen cao dossier carrying it and the
    central outcome, whether the user may decide it inside the unit."""
    route = route_of(proposal.award_type.level)
    item = DispatchItem.objects.filter(proposal=proposal).select_related("dispatch").first()
    return {
        "route": route,
        "label": ROUTE_LABELS[route],
        "item": item,
        "item_visible": item is not None and user.has_perm("awards.view_dispatch", item.dispatch),
        "can_decide_in_unit": user.has_perm("awards.decide_in_unit", proposal),
    }
