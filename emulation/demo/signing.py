"""Demo signing: the demo leader accounts sign a pledge as they would in the browser."""

from __future__ import annotations

from clusters.demo.accounts import DEMO_PASSWORD
from clusters.models import MemberRole, Membership, Role, User

from ..models import Pledge, PledgeStatus
from ..services.signing import pledge_open_for_signing, pledge_sign


def sign_for_demo(pledge: Pledge) -> Pledge:
    """Sign `pledge` with the demo leader account of every member unit (chair last), as if in the browser.

    For other demo loaders (e.g. the year-end demo needs signed pledges). Each member unit
    must have an active leader account with the demo password.
    """
    pledge = Pledge.objects.get(pk=pledge.pk)
    if pledge.status == PledgeStatus.DRAFT:
        pledge = pledge_open_for_signing(actor=None, pledge=pledge)
    if pledge.status == PledgeStatus.SIGNED:
        return pledge
    members = list(Membership.objects.filter(group=pledge.group, year=pledge.year))
    members.sort(key=lambda m: m.role == MemberRole.CHAIR)
    signed_units = set(
        pledge.signatures.filter(version=pledge.version, voided_at__isnull=True).values_list("unit_id", flat=True)
    )
    for membership in members:
        if membership.unit_id in signed_units:
            continue
        leader = User.objects.filter(unit_id=membership.unit_id, role=Role.LEADER, is_active=True).order_by("pk")[0]
        pledge_sign(
            actor=leader, pledge=pledge, version=pledge.version, password=DEMO_PASSWORD, user_agent="demo loader"
        )
    return Pledge.objects.get(pk=pledge.pk)
