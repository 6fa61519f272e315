"""Writes for signing pledges: opening for signing, amending, signing, locking, reminding; and verifying.

Rules enforced here (the views only show or hide buttons):
- only the chair unit of the group that year (its staff or leader), the board that
  organises the group and system admins may open or amend; an amendment after opening
  makes a new version and voids the signatures already given;
- each member unit's leader signs for their own unit, once per version, after
  re-entering their password; the chair unit signs last, which locks and seals the pledge;
- nothing changes once signed (PostgreSQL also refuses it, see migration 0003).

The canonical content, its fingerprint and the seal are computed by `emulation.seal`, from the rows
`emulation.selectors.signing.pledge_content` reads. Every write leaves an audit row on the pledge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from clusters.models import MemberRole, Membership, Role, User
from clusters.rules import require

from .. import seal
from ..models import Pledge, PledgeSignature, PledgeStatus
from ..selectors.signing import pledge_fingerprint
from .pledges import _audit, _locked, _require_draft

__all__ = [
    "PledgeVerification",
    "pledge_amend",
    "pledge_open_for_signing",
    "pledge_remind_unsigned",
    "pledge_sign",
    "pledge_verify",
]


# --- Verification -----------------------------------------------------------------------------------
@dataclass
class SignatureCheck:
    signature: PledgeSignature
    intact: bool


@dataclass
class PledgeVerification:
    pledge: Pledge
    current_fingerprint: str
    signatures: list[SignatureCheck] = field(default_factory=list)
    seal_intact: bool | None = None  # None while the pledge is not locked

    @property
    def intact(self) -> bool:
        return all(check.intact for check in self.signatures) and self.seal_intact is not False

    @property
    def has_signatures(self) -> bool:
        return bool(self.signatures)


def pledge_verify(*, pledge: Pledge) -> PledgeVerification:
    """Recompute the fingerprint from the rows now in the database and compare.

    Each live signature of the current version must carry the recomputed
    fingerprint; a locked pledge's seal (a keyed hash of the fingerprint and all
    signatures) must match too, so altering a signer's name is also detected.
    """
    pledge = Pledge.objects.select_related("group").get(pk=pledge.pk)
    current = pledge_fingerprint(pledge)
    signatures = list(
        PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True)
        .select_related("unit")
        .order_by("signed_at", "pk")
    )
    result = PledgeVerification(
        pledge=pledge,
        current_fingerprint=current,
        signatures=[SignatureCheck(s, constant_time_compare(s.fingerprint, current)) for s in signatures],
    )
    if pledge.seal or pledge.status == PledgeStatus.SIGNED:
        result.seal_intact = seal.seal_intact(
            pledge.seal, pledge_id=pledge.pk, version=pledge.version, content_fingerprint=current, signatures=signatures
        )
    return result


# --- Life cycle ---------------------------------------------------------------------------------
@transaction.atomic
def pledge_open_for_signing(*, actor: User | None, pledge: Pledge) -> Pledge:
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    errors = []
    if not pledge.items.exists():
        errors.append(_("Giao ước chưa có nội dung nào."))
    if not Membership.objects.filter(group=pledge.group, year=pledge.year, role=MemberRole.CHAIR).exists():
        errors.append(_("Cụm, khối chưa có đơn vị trưởng trong năm %(year)s.") % {"year": pledge.year})
    if errors:
        raise ValidationError(errors)
    pledge.open_for_signing(when=timezone.now())
    pledge.save()
    _audit(
        pledge,
        actor=actor,
        action="pledge.open",
        summary=_("Mở ký kết phiên bản %(version)s") % {"version": pledge.version},
        data={"version": pledge.version, "fingerprint": pledge_fingerprint(pledge)},
    )
    return pledge


@transaction.atomic
def pledge_amend(*, actor: User | None, pledge: Pledge, reason: str) -> Pledge:
    """Reopen an open pledge for drafting as a new version; signatures given so far are voided."""
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
    if pledge.status == PledgeStatus.SIGNED:
        raise ValidationError(_("Giao ước đã ký kết và đã khóa, không thể thay đổi."))
    if pledge.status != PledgeStatus.OPEN:
        raise ValidationError(_("Chỉ sửa đổi giao ước đang trong thời gian ký kết; bản dự thảo thì sửa trực tiếp."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy nêu lý do sửa đổi.")})
    old_version = pledge.version
    now = timezone.now()
    voided = PledgeSignature.objects.filter(pledge=pledge, voided_at__isnull=True)
    voided_units = list(voided.values_list("unit__name", flat=True))
    voided.update(voided_at=now)
    pledge.amend()
    pledge.save()
    _audit(
        pledge,
        actor=actor,
        action="pledge.amend",
        summary=_("Sửa đổi: phiên bản %(old)s → %(new)s, hủy %(count)s chữ ký. Lý do: %(reason)s")
        % {"old": old_version, "new": pledge.version, "count": len(voided_units), "reason": reason},
        data={"from_version": old_version, "to_version": pledge.version, "voided": voided_units, "reason": reason},
    )
    return pledge


@transaction.atomic
def pledge_sign(
    *,
    actor: User | None,
    pledge: Pledge,
    version: int,
    password: str,
    seen_fingerprint: str | None = None,
    position: str | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> PledgeSignature:
    """The leader of a member unit signs the given version for their own unit.

    The chair unit signs last; its signature locks the pledge. A signature is always a person's: the system
    (`actor=None`) never signs.
    """
    pledge = _locked(pledge)
    if pledge.status == PledgeStatus.SIGNED:
        raise ValidationError(_("Giao ước đã ký kết và đã khóa."))
    if pledge.status != PledgeStatus.OPEN:
        raise ValidationError(_("Giao ước chưa được mở để ký kết."))
    if (
        actor is None
        or not actor.is_authenticated
        or actor.role != Role.LEADER
        or actor.unit_id is None
        or not actor.is_active
    ):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị thành viên mới được ký giao ước."))
    membership = (
        Membership.objects.filter(group=pledge.group, year=pledge.year, unit_id=actor.unit_id)
        .select_related("unit")
        .first()
    )
    if membership is None:
        raise PermissionDenied(
            _("Đơn vị của bạn không phải thành viên của %(group)s năm %(year)s.")
            % {"group": pledge.group.name, "year": pledge.year}
        )
    if not actor.check_password(password or ""):
        raise ValidationError({"password": _("Mật khẩu không đúng.")})
    if int(version) != pledge.version:
        raise ValidationError(
            _(
                "Bạn đang ký phiên bản %(seen)s nhưng giao ước đã được sửa đổi thành phiên bản %(current)s. "
                "Hãy đọc lại nội dung trước khi ký."
            )
            % {"seen": version, "current": pledge.version}
        )
    current = pledge_fingerprint(pledge)
    if seen_fingerprint and seen_fingerprint != current:
        raise ValidationError(_("Nội dung giao ước đã thay đổi kể từ khi bạn mở trang. Hãy đọc lại trước khi ký."))
    live = PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True)
    if live.filter(unit_id=actor.unit_id).exists():
        raise ValidationError(_("Đơn vị %(unit)s đã ký phiên bản này.") % {"unit": membership.unit.name})
    is_chair = membership.role == MemberRole.CHAIR
    if is_chair:
        signed_units = set(live.values_list("unit_id", flat=True))
        missing = (
            Membership.objects.filter(group=pledge.group, year=pledge.year)
            .exclude(unit_id=actor.unit_id)
            .exclude(unit_id__in=signed_units)
            .select_related("unit")
            .order_by("unit__name")
        )
        if missing:
            raise ValidationError(
                _("Đơn vị trưởng ký sau cùng. Còn %(count)s đơn vị chưa ký: %(units)s.")
                % {"count": len(missing), "units": ", ".join(m.unit.name for m in missing)}
            )
    now = timezone.now()
    signature = PledgeSignature.objects.create(
        pledge=pledge,
        version=pledge.version,
        unit_id=actor.unit_id,
        signer=actor,
        signer_name=actor.display_name(),
        position=position if position is not None else actor.position,
        is_chair=is_chair,
        signed_at=now,
        ip_address=ip_address,
        user_agent=(user_agent or "")[:500],
        fingerprint=current,
    )
    _audit(
        pledge,
        actor=actor,
        action="pledge.sign",
        summary=_("%(name)s ký thay mặt %(unit)s (phiên bản %(version)s)")
        % {"name": signature.signer_name, "unit": membership.unit.name, "version": pledge.version},
        data={"version": pledge.version, "unit": actor.unit_id, "fingerprint": current, "signature": signature.pk},
        ip_address=ip_address,
        unit=membership.unit,
    )
    if is_chair:
        signatures = list(live.order_by("signed_at", "pk"))
        pledge.lock(
            when=now,
            seal=seal.seal(
                pledge_id=pledge.pk, version=pledge.version, content_fingerprint=current, signatures=signatures
            ),
        )
        pledge.save()
        _audit(
            pledge,
            actor=actor,
            action="pledge.lock",
            summary=_("Hoàn tất ký kết: %(count)s đơn vị đã ký, giao ước được khóa.") % {"count": len(signatures)},
            data={"version": pledge.version, "fingerprint": current, "seal": pledge.seal},
            ip_address=ip_address,
            unit=membership.unit,
        )
    return signature


# --- Reminders ---------------------------------------------------------------------------------
def unsigned_memberships(pledge: Pledge) -> list[Membership]:
    signed = PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True).values(
        "unit_id"
    )
    return list(
        Membership.objects.filter(group=pledge.group, year=pledge.year)
        .exclude(unit_id__in=signed)
        .select_related("unit")
        .order_by("unit__name")
    )


@transaction.atomic
def pledge_remind_unsigned(*, actor: User | None, pledge: Pledge, base_url: str = "") -> int:
    """E-mail the leaders (and the emulation staff) of the member units that have not signed yet.

    Returns the number of e-mails sent. Called from the Celery task `emulation.tasks.remind_pledge_signers`.
    """
    pledge = Pledge.objects.select_related("group").get(pk=pledge.pk)
    if pledge.status != PledgeStatus.OPEN:
        raise ValidationError(_("Chỉ nhắc ký khi giao ước đang trong thời gian ký kết."))
    pending = unsigned_memberships(pledge)
    chair_pending = [m for m in pending if m.role == MemberRole.CHAIR]
    others_pending = [m for m in pending if m.role != MemberRole.CHAIR]
    # The chair is reminded only when it is its turn, i.e. everyone else has signed.
    to_remind = others_pending or chair_pending
    unit_ids = [m.unit_id for m in to_remind]
    users = User.objects.filter(
        unit_id__in=unit_ids, is_active=True, role__in=[Role.LEADER, Role.STAFF], email__gt=""
    ).order_by("unit_id", "username")
    link = base_url.rstrip("/") + reverse("pledges:sign", args=[pledge.pk])
    subject = _("Nhắc ký giao ước thi đua: %(title)s") % {"title": pledge.title}
    messages = []
    for user in users:
        body = _(
            "Kính gửi %(name)s,\n\n"
            "%(group)s đang ký kết %(title)s (phiên bản %(version)s). Đơn vị %(unit)s chưa ký.\n"
            "Lãnh đạo đơn vị vui lòng đăng nhập và ký tại: %(link)s\n\n"
            "Trân trọng."
        ) % {
            "name": user.display_name(),
            "group": pledge.group.name,
            "title": pledge.title,
            "version": pledge.version,
            "unit": user.unit.name,
            "link": link,
        }
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    _audit(
        pledge,
        actor=actor,
        action="pledge.remind",
        summary=_("Nhắc ký: %(count)s thư tới %(units)s đơn vị chưa ký") % {"count": sent, "units": len(unit_ids)},
        data={"units": unit_ids, "emails": [u.email for u in users]},
    )
    return sent
