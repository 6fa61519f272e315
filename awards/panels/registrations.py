"""Dashboard panel of the year's routing (issue 18): what waits for a board's reviewer (registrations to review,
state-level proposals to send up, khen cao dossiers awaiting the central outcome) and for a unit's leader (the
awards their head decides inside the unit)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import Role

from ..models import (
    AwardLevel,
    DispatchItem,
    DispatchOutcome,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationStatus,
)


@register
def year_routing(user):
    if not user.is_authenticated or not user.unit_id:
        return None
    items = []
    if user.role == Role.REVIEWER:
        waiting = Registration.objects.filter(recipient_id=user.unit_id, status=RegistrationStatus.SUBMITTED).count()
        if waiting:
            items.append(
                PanelItem(
                    _("Bản đăng ký thi đua chờ duyệt"),
                    reverse("awards:registration_list") + "?status=submitted",
                    str(waiting),
                    "primary",
                )
            )
        pending = DispatchItem.objects.filter(
            Q(dispatch__sender_id=user.unit_id) | Q(dispatch__recipient_id=user.unit_id),
            outcome=DispatchOutcome.PENDING,
        ).count()
        if pending:
            items.append(
                PanelItem(_("Đề nghị khen cao chờ kết quả"), reverse("awards:dispatch_list"), str(pending), "warning")
            )
        link = reverse("awards:registration_list")
    elif user.role == Role.LEADER:
        to_decide = Proposal.objects.filter(
            proposing_unit_id=user.unit_id,
            award_type__level=AwardLevel.BASIC,
            status__in=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED],
        ).count()
        if to_decide:
            items.append(
                PanelItem(
                    _("Đề nghị chờ Thủ trưởng đơn vị quyết định"),
                    reverse("awards:proposal_list") + "?status=submitted",
                    str(to_decide),
                    "primary",
                )
            )
        link = reverse("awards:registration_list")
    else:
        return None
    if not items:
        return None
    return Panel(
        title=_("Đăng ký thi đua, khen cao"), items=items, order=45, link_url=link, link_text=_("Đăng ký thi đua")
    )
