"""Writes of the register of emulation and commendation bodies and their staff: each checked against the board's
jurisdiction, audited; edits refuse a stale version (`claim_version`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..concurrency import claim_version
from ..models import StaffMember, TdktBody, Unit, User
from ..rules import require
from .audit import apply_changes, record_audit

REFUSED = _("Bạn không quản lý sổ cơ quan, cán bộ thi đua, khen thưởng này.")


@transaction.atomic
def body_create(*, actor: User | None, unit: Unit, **fields) -> TdktBody:
    body = TdktBody(unit=unit, **fields)
    require(actor, "clusters.manage_tdkt", body, message=REFUSED)
    body.full_clean()
    body.save()
    record_audit(actor=actor, action="tdkt_body.create", target=body, unit=unit, summary=str(body))
    return body


@transaction.atomic
def body_update(*, actor: User | None, body: TdktBody, version=None, **fields) -> TdktBody:
    require(actor, "clusters.manage_tdkt", body, message=REFUSED)
    claim_version(body, version)
    changed = apply_changes(body, fields)
    require(actor, "clusters.manage_tdkt", body, message=REFUSED)  # a unit moved out of reach is refused too
    if changed:
        body.full_clean()
        body.save()
        record_audit(
            actor=actor, action="tdkt_body.update", target=body, unit=body.unit, summary=str(body), data=changed
        )
    return body


@transaction.atomic
def staff_create(*, actor: User | None, body: TdktBody, **fields) -> StaffMember:
    require(actor, "clusters.manage_tdkt", body, message=REFUSED)
    member = StaffMember(body=body, **fields)
    member.full_clean()
    member.save()
    record_audit(actor=actor, action="tdkt_staff.create", target=member, unit=body.unit, summary=member.full_name)
    return member


@transaction.atomic
def staff_update(*, actor: User | None, member: StaffMember, version=None, **fields) -> StaffMember:
    require(actor, "clusters.manage_tdkt", member, message=REFUSED)
    claim_version(member, version)
    changed = apply_changes(member, fields)
    require(actor, "clusters.manage_tdkt", member, message=REFUSED)
    if changed:
        member.full_clean()
        member.save()
        record_audit(
            actor=actor, action="tdkt_staff.update", target=member, unit=member.body.unit, summary=member.full_name,
            data=changed,
        )  # fmt: skip
    return member
