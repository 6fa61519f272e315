"""Writes for signing pledges: opening for signing, amending, signing, locking, reminding; and verifying.

Rules enforced here (the views only show or hide buttons):
- only the chair unit of the group that year (its staff or leader), the board that
  organises the group and system admins may open or amend; an amendment after opening
  makes a new version and voids the signatures already given;
- each member unit's leader signs for their own unit, once per version, after
  re-entering their password; the chair unit signs last, which locks and seals the pledge;
- a member that signed on paper at the ceremony is recorded by the chair unit (its staff or leader) with the
  scanned signed page and the signer's name and position: the same one signature per unit and version, the
  scan's SHA-256 part of the seal; a paper signature of the chair comes last and locks like an online one;
- nothing changes once signed (PostgreSQL also refuses it, see migration 0003);
- opening a version for signing snapshots it (`PledgeVersion`: the canonical content with the group and the
  members as named that day); signatures and the seal carry the snapshot's fingerprint, and verification
  compares the rows against the snapshot, so a rename in the registry is not tampering but an altered text is;
- from opening, the year's members and officers are frozen (`emulation.selectors.pledges.membership_freeze_reason`,
  and PostgreSQL, migration 0004): changing them means amending into a new version, whose opening snapshots them;
- `open_refusals`, `amend_refusal`, `sign_refusal` say why a service would refuse, so pages show that instead of
  a button or form.

The canonical content, its fingerprint and the seal are computed by `emulation.seal`, from the rows
`emulation.selectors.signing.pledge_content` reads. Every write leaves an audit row on the pledge.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from clusters.models import MemberRole, Membership, Role, User, WebhookEvent
from clusters.rules import require
from clusters.services.webhooks import webhook_emit
from clusters.uploads import DOCUMENTS

from .. import seal
from ..models import Pledge, PledgeSignature, PledgeStatus, PledgeVersion, SignatureMethod
from ..selectors.signing import members_snapshot, pledge_content, pledge_fingerprint, pledge_version
from .pledges import _audit, _locked, _require_draft, draft_refusal
from .reminders import ReminderPlan, plan_for, send_reminders

__all__ = [
    "PledgeVerification",
    "ReminderPlan",
    "amend_refusal",
    "open_refusals",
    "sign_refusal",
    "PAPER_SCANS",
    "paper_refusal",
    "pledge_amend",
    "pledge_open_for_signing",
    "pledge_record_paper_signature",
    "pledge_remind_unsigned",
    "pledge_sign",
    "pledge_verify",
    "reminder_plan",
]


# --- Verification -----------------------------------------------------------------------------------
@dataclass
class SignatureCheck:
    signature: PledgeSignature
    intact: bool


@dataclass
class PledgeVerification:
    """What the verification found for one version of a pledge.

    `sealed_fingerprint` is the fingerprint of the snapshot taken when the version was opened for signing (what
    was signed); `current_fingerprint` the one recomputed now from the rows, with the group named as in the
    snapshot. For an earlier version the rows hold a later text, so only the snapshot is checked against its
    signatures (`current_fingerprint` is then the snapshot's own)."""

    pledge: Pledge
    current_fingerprint: str
    number: int = 0
    sealed_fingerprint: str = ""
    version: PledgeVersion | None = None
    signatures: list[SignatureCheck] = field(default_factory=list)
    seal_intact: bool | None = None  # None while the pledge is not locked
    content_intact: bool | None = None  # None while nothing was opened for signing
    members_intact: bool | None = None  # the year's members are still those the version was opened for
    numbers: list[int] = field(default_factory=list)  # every version opened for signing (or signed)

    @property
    def intact(self) -> bool:
        return (
            all(check.intact for check in self.signatures)
            and self.seal_intact is not False
            and self.content_intact is not False
            and self.members_intact is not False
        )

    @property
    def has_signatures(self) -> bool:
        return bool(self.signatures)

    @property
    def checked(self) -> bool:
        """Whether there is a verdict to give: signatures or a seal to check, or a text that no longer matches
        the version put up for signature."""
        return (
            self.has_signatures
            or self.seal_intact is not None
            or self.content_intact is False
            or self.members_intact is False
        )

    @property
    def is_current(self) -> bool:
        return self.number == self.pledge.version

    @property
    def previous(self) -> int | None:
        return max((n for n in self.numbers if n < self.number), default=None)

    @property
    def next(self) -> int | None:
        return min((n for n in self.numbers if n > self.number), default=None)

    def unit_name(self, signature: PledgeSignature) -> str:
        """The signing unit as named when the version was opened."""
        return (self.version.member_name(signature.unit_id) if self.version else "") or signature.unit.name


def pledge_verify(*, pledge: Pledge, number: int | None = None) -> PledgeVerification:
    """Check version `number` (the current one by default) of the pledge against what was signed.

    - the snapshot taken when the version was opened must hash to its fingerprint;
    - for the current version, the rows now in the database (group named as in the snapshot) must give the
      same fingerprint: the text was not altered after it was put up for signature;
    - each live signature of the version (the voided ones of an earlier version) must carry it;
    - a locked pledge's seal (a keyed hash of the fingerprint and all signatures) must match too, so altering a
      signer's name is also detected.
    A pledge opened before snapshots existed (or loaded without one) is checked against its rows as before.
    Raises `PledgeVersion.DoesNotExist` for a number never opened for signing.
    """
    pledge = Pledge.objects.select_related("group").get(pk=pledge.pk)
    number = pledge.version if number is None else int(number)
    version = PledgeVersion.objects.filter(pledge=pledge, number=number).first()
    numbers = sorted(
        set(PledgeVersion.objects.filter(pledge=pledge).values_list("number", flat=True))
        | set(PledgeSignature.objects.filter(pledge=pledge).values_list("version", flat=True))
    )
    is_current = number == pledge.version
    if version is None and not is_current and number not in numbers:
        raise PledgeVersion.DoesNotExist
    signatures = PledgeSignature.objects.filter(pledge=pledge, version=number).select_related("unit")
    if is_current:
        signatures = signatures.filter(voided_at__isnull=True)
    signatures = list(signatures.order_by("signed_at", "pk"))
    if version is not None:
        sealed = version.fingerprint
        snapshot_intact = constant_time_compare(seal.fingerprint(version.content), sealed)
        current = pledge_fingerprint(pledge, group_name=version.group_name) if is_current else sealed
        content_intact = snapshot_intact and constant_time_compare(current, sealed)
        members_intact = None
        if is_current:  # who was to sign: the members frozen since the version was opened (migration 0004)
            live = set(
                Membership.objects.filter(group_id=pledge.group_id, year=pledge.year).values_list("unit_id", "role")
            )
            members_intact = live == {(m["unit_id"], m["role"]) for m in version.members}
    else:
        members_intact = None
        current = pledge_fingerprint(pledge)
        sealed = current
        content_intact = None
    result = PledgeVerification(
        pledge=pledge,
        current_fingerprint=current,
        number=number,
        sealed_fingerprint=sealed,
        version=version,
        # A signature holds when it carries what was sealed and the text shown is still that text.
        signatures=[
            SignatureCheck(
                s,
                content_intact is not False
                and constant_time_compare(s.fingerprint, sealed)
                and (not s.on_paper or scan_intact(s)),
            )
            for s in signatures
        ],
        content_intact=content_intact,
        members_intact=members_intact,
        numbers=numbers,
    )
    if is_current and (pledge.seal or pledge.status == PledgeStatus.SIGNED):
        result.seal_intact = seal.seal_intact(
            pledge.seal, pledge_id=pledge.pk, version=pledge.version, content_fingerprint=sealed, signatures=signatures
        )
    return result


def scan_intact(signature: PledgeSignature) -> bool:
    """Whether a paper signature's stored scan still hashes to the SHA-256 recorded (and sealed) with it."""
    if not signature.scan or not signature.scan_sha256:
        return False
    try:
        with signature.scan.open("rb") as handle:
            digest = _sha256(handle)
    except (FileNotFoundError, OSError):
        return False
    return constant_time_compare(digest, signature.scan_sha256)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(64 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


# --- Life cycle ---------------------------------------------------------------------------------
# What each service would refuse, as messages: the services raise them, the pages show them instead of the
# button or form (issue 14 item 25: no page offers an action that will be refused).
def open_refusals(pledge: Pledge) -> list[str]:
    """Why the pledge may not be opened for signing now (empty: it may)."""
    refusal = draft_refusal(pledge)
    if refusal:
        return [refusal]
    errors = []
    if not pledge.items.exists():
        errors.append(_("Giao ước chưa có nội dung nào."))
    if not Membership.objects.filter(group=pledge.group_id, year=pledge.year, role=MemberRole.CHAIR).exists():
        errors.append(_("Cụm, khối chưa có đơn vị trưởng trong năm %(year)s.") % {"year": pledge.year})
    return errors


def amend_refusal(pledge: Pledge) -> str | None:
    """Why the pledge may not be amended now, or None."""
    if pledge.status == PledgeStatus.SIGNED:
        return _("Giao ước đã ký kết và đã khóa, không thể thay đổi.")
    if pledge.status != PledgeStatus.OPEN:
        return _("Chỉ sửa đổi giao ước đang trong thời gian ký kết; bản dự thảo thì sửa trực tiếp.")
    return None


def sign_refusal(pledge: Pledge, user, *, verification: PledgeVerification | None = None) -> str | None:
    """Why `user` may not sign the pledge's current version now, or None: the checks of `pledge_sign` that do
    not depend on what is typed (password, position), in the same words."""
    if pledge.status == PledgeStatus.SIGNED:
        return _("Giao ước đã ký kết và đã khóa.")
    if pledge.status != PledgeStatus.OPEN:
        return _("Giao ước chưa được mở để ký kết.")
    if not user.is_authenticated or user.role != Role.LEADER or user.unit_id is None or not user.is_active:
        return _("Chỉ lãnh đạo đơn vị thành viên mới được ký giao ước.")
    members = {
        m.unit_id: m for m in Membership.objects.filter(group=pledge.group_id, year=pledge.year).select_related("unit")
    }
    membership = members.get(user.unit_id)
    if membership is None:
        return _("Đơn vị của bạn không phải thành viên của %(group)s năm %(year)s.") % {
            "group": pledge.group.name,
            "year": pledge.year,
        }
    signed = set(
        PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True).values_list(
            "unit_id", flat=True
        )
    )
    if user.unit_id in signed:
        return _("Đơn vị %(unit)s đã ký phiên bản này.") % {"unit": membership.unit.name}
    if membership.role == MemberRole.CHAIR:
        missing = sorted(m.unit.name for uid, m in members.items() if uid != user.unit_id and uid not in signed)
        if missing:
            return _("Đơn vị trưởng ký sau cùng. Còn %(count)s đơn vị chưa ký: %(units)s.") % {
                "count": len(missing),
                "units": ", ".join(missing),
            }
    verification = verification or pledge_verify(pledge=pledge)
    if verification.content_intact is False:
        return _(
            "Nội dung giao ước hiện lưu không khớp với nội dung đã mở ký (đã bị thay đổi ngoài ứng dụng). "
            "Không thể ký; hãy báo đơn vị trưởng và cơ quan tổ chức cụm, khối."
        )
    return None


@transaction.atomic
def pledge_open_for_signing(*, actor: User | None, pledge: Pledge) -> Pledge:
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    errors = open_refusals(pledge)
    if errors:
        raise ValidationError(errors)
    pledge.open_for_signing(when=timezone.now())
    pledge.save()
    content = pledge_content(pledge)
    snapshot = PledgeVersion.objects.create(
        pledge=pledge,
        number=pledge.version,
        content=content,
        fingerprint=seal.fingerprint(content),
        members=members_snapshot(pledge),
        opened_at=pledge.opened_at,
    )
    _audit(
        pledge,
        actor=actor,
        action="pledge.open",
        summary=_("Mở ký kết phiên bản %(version)s") % {"version": pledge.version},
        data={"version": pledge.version, "fingerprint": snapshot.fingerprint},
    )
    return pledge


@transaction.atomic
def pledge_amend(*, actor: User | None, pledge: Pledge, reason: str, base_url: str = "") -> Pledge:
    """Reopen an open pledge for drafting as a new version; signatures given so far are voided.

    The version put up for signature stays on record (its snapshot, marked superseded with the reason) and
    verifiable at its own address; the signers whose signatures were voided are told by e-mail, with the reason
    and the link to sign again once the new version is opened. This is also the only way to change the year's
    members or officers once the pledge was opened (`emulation.apps` freezes them): the new version, opened
    again, snapshots the members of that day.
    """
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
    refusal = amend_refusal(pledge)
    if refusal:
        raise ValidationError(refusal)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy nêu lý do sửa đổi.")})
    old_version = pledge.version
    now = timezone.now()
    voided = PledgeSignature.objects.filter(pledge=pledge, voided_at__isnull=True)
    voided_signatures = list(voided.select_related("unit", "signer").order_by("signed_at", "pk"))
    voided_units = [s.unit.name for s in voided_signatures]
    voided.update(voided_at=now)
    PledgeVersion.objects.filter(pledge=pledge, number=old_version).update(superseded_at=now, amend_reason=reason)
    pledge.amend()
    pledge.save()
    notified = _notify_voided_signers(
        pledge, voided_signatures, old_version=old_version, reason=reason, base_url=base_url
    )
    _audit(
        pledge,
        actor=actor,
        action="pledge.amend",
        summary=_("Sửa đổi: phiên bản %(old)s → %(new)s, hủy %(count)s chữ ký. Lý do: %(reason)s")
        % {"old": old_version, "new": pledge.version, "count": len(voided_units), "reason": reason},
        data={
            "from_version": old_version,
            "to_version": pledge.version,
            "voided": voided_units,
            "reason": reason,
            "notified": notified,
        },
    )
    return pledge


def _notify_voided_signers(
    pledge: Pledge, signatures: list[PledgeSignature], *, old_version: int, reason: str, base_url: str
) -> list[str]:
    """E-mail each signer whose signature an amendment voided (once the transaction commits)."""
    link = base_url.rstrip("/") + reverse("pledges:detail", args=[pledge.pk])
    subject = _("Chữ ký giao ước thi đua bị hủy do sửa đổi: %(title)s") % {"title": pledge.title}
    messages = []
    for signature in signatures:
        email = signature.signer.email if signature.signer else ""  # a signature on paper: no account to write to
        if not email:
            continue
        body = _(
            "Kính gửi %(name)s,\n\n"
            "%(group)s đã sửa đổi %(title)s: phiên bản %(old)s, mà đồng chí đã ký thay mặt %(unit)s lúc %(when)s, "
            "được thay bằng phiên bản %(new)s. Chữ ký của đồng chí trên phiên bản %(old)s đã bị hủy.\n"
            "Lý do sửa đổi: %(reason)s\n\n"
            "Khi phiên bản mới được mở ký, đồng chí vui lòng đọc lại và ký tại: %(link)s\n\n"
            "Trân trọng."
        ) % {
            "name": signature.signer_name,
            "group": pledge.group.name,
            "title": pledge.title,
            "old": old_version,
            "new": pledge.version,
            "unit": signature.unit.name,
            "when": timezone.localtime(signature.signed_at).strftime("%d/%m/%Y %H:%M"),
            "reason": reason,
            "link": link,
        }
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return [m[3][0] for m in messages]


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
    current = _signed_fingerprint(pledge)
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
        _lock(pledge, actor=actor, live=live, current=current, when=now, ip_address=ip_address, unit=membership.unit)
    return signature


def _lock(pledge: Pledge, *, actor, live, current: str, when, ip_address, unit) -> None:
    """The chair's signature was the last: seal every live signature of the version and lock the pledge."""
    signatures = list(live.order_by("signed_at", "pk"))
    pledge.lock(
        when=when,
        seal=seal.seal(pledge_id=pledge.pk, version=pledge.version, content_fingerprint=current, signatures=signatures),
    )
    pledge.save()
    _audit(
        pledge,
        actor=actor,
        action="pledge.lock",
        summary=_("Hoàn tất ký kết: %(count)s đơn vị đã ký, giao ước được khóa.") % {"count": len(signatures)},
        data={"version": pledge.version, "fingerprint": current, "seal": pledge.seal},
        ip_address=ip_address,
        unit=unit,
    )
    # other systems of the organising board learn of it once this commits (issue 20 item 2)
    webhook_emit(
        event=WebhookEvent.PLEDGE_SEALED,
        boards=[pledge.group.organizer_id],
        payload={
            "pledge": pledge.pk,
            "group": pledge.group.name,
            "year": pledge.year,
            "version": pledge.version,
            "fingerprint": current,
            "signed_at": when,
            "signatures": len(signatures),
            "verification_code": pledge.verification_code,
        },
    )


def _signed_fingerprint(pledge: Pledge) -> str:
    """The fingerprint a signature of the current version carries: its snapshot's, once the rows are checked
    against it (refused when they were altered outside the application)."""
    snapshot = pledge_version(pledge)
    if snapshot is None:  # opened before snapshots existed: what is signed is the content now
        return pledge_fingerprint(pledge)
    if pledge_fingerprint(pledge, group_name=snapshot.group_name) != snapshot.fingerprint:
        raise ValidationError(
            _(
                "Nội dung giao ước hiện lưu không khớp với nội dung đã mở ký (đã bị thay đổi ngoài ứng dụng). "
                "Không thể ký; hãy báo đơn vị trưởng và cơ quan tổ chức cụm, khối."
            )
        )
    return snapshot.fingerprint


# --- Signatures on paper ---------------------------------------------------------------------------------
#: The scanned signed page: a PDF or an image (`clusters.uploads.DOCUMENTS`' scans), refused under the form's field.
PAPER_SCANS = replace(DOCUMENTS, extensions=(".pdf", ".png", ".jpg", ".jpeg"), field="scan")


def paper_refusal(pledge: Pledge) -> str | None:
    """Why no paper signature may be recorded on the pledge now (whoever asks), or None."""
    if pledge.status == PledgeStatus.SIGNED:
        return _("Giao ước đã ký kết và đã khóa.")
    if pledge.status != PledgeStatus.OPEN:
        return _("Giao ước chưa được mở để ký kết.")
    return None


def paper_signable_units(pledge: Pledge) -> list:
    """The member units that have not signed the current version: those a paper signature may be recorded for
    (the chair only once every other member has signed)."""
    pending = unsigned_memberships(pledge)
    others = [m for m in pending if m.role != MemberRole.CHAIR]
    return [m.unit for m in (others or pending)]


@transaction.atomic
def pledge_record_paper_signature(
    *,
    actor: User | None,
    pledge: Pledge,
    version: int,
    unit,
    signer_name: str,
    position: str,
    signed_on: datetime.date,
    uploaded,
    ip_address: str | None = None,
) -> PledgeSignature:
    """The chair unit records a member unit's signature given on paper at the ceremony, with the scanned signed
    page. It counts as that unit's signature of the version (one per unit and version, whichever way); the
    chair's own, recorded last, locks the pledge. The scan's SHA-256 is sealed with it."""
    pledge = _locked(pledge)
    if actor is None:  # a signature on paper is recorded by a person, named in the record
        raise PermissionDenied(_("Chữ ký trên giấy phải do một người ghi nhận."))
    require(
        actor,
        "emulation.record_paper_signature",
        pledge,
        message=_("Chỉ cán bộ, lãnh đạo của đơn vị trưởng cụm, khối năm nay mới được ghi nhận chữ ký trên giấy."),
    )
    refusal = paper_refusal(pledge)
    if refusal:
        raise ValidationError(refusal)
    if int(version) != pledge.version:
        raise ValidationError(
            _("Giao ước đã được sửa đổi thành phiên bản %(current)s; hãy mở lại trang trước khi ghi nhận.")
            % {"current": pledge.version}
        )
    membership = (
        Membership.objects.filter(group=pledge.group, year=pledge.year, unit=unit).select_related("unit").first()
    )
    if membership is None:
        raise ValidationError(
            {
                "unit": _("%(unit)s không phải thành viên của %(group)s năm %(year)s.")
                % {"unit": unit.name, "group": pledge.group.name, "year": pledge.year}
            }
        )
    signer_name = (signer_name or "").strip()
    if not signer_name:
        raise ValidationError({"signer_name": _("Hãy nhập họ và tên người đã ký.")})
    if signed_on is None or signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không được sau hôm nay.")})
    if pledge.opened_at and signed_on < timezone.localtime(pledge.opened_at).date():
        raise ValidationError({"signed_on": _("Ngày ký không được trước ngày mở ký phiên bản này.")})
    live = PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True)
    if live.filter(unit=membership.unit).exists():
        raise ValidationError(_("Đơn vị %(unit)s đã ký phiên bản này.") % {"unit": membership.unit.name})
    is_chair = membership.role == MemberRole.CHAIR
    if is_chair:
        missing = unsigned_memberships(pledge)
        missing = [m for m in missing if m.unit_id != membership.unit_id]
        if missing:
            raise ValidationError(
                _("Đơn vị trưởng ký sau cùng. Còn %(count)s đơn vị chưa ký: %(units)s.")
                % {"count": len(missing), "units": ", ".join(m.unit.name for m in missing)}
            )
    current = _signed_fingerprint(pledge)
    accepted = PAPER_SCANS.check(uploaded)
    uploaded.seek(0)
    scan_sha256 = _sha256(uploaded)
    uploaded.seek(0)
    now = timezone.now()
    signature = PledgeSignature(
        pledge=pledge,
        version=pledge.version,
        unit=membership.unit,
        signer=None,
        method=SignatureMethod.PAPER,
        signer_name=signer_name,
        position=(position or "").strip(),
        is_chair=is_chair,
        signed_at=now,
        ip_address=ip_address,
        fingerprint=current,
        recorded_by=actor,
        paper_signed_on=signed_on,
        scan_name=accepted.name,
        scan_content_type=accepted.content_type,
        scan_sha256=scan_sha256,
    )
    signature.scan.save(accepted.name, uploaded, save=False)
    signature.save()
    _audit(
        pledge,
        actor=actor,
        action="pledge.sign_paper",
        summary=_(
            "%(recorder)s ghi nhận chữ ký trên giấy của %(name)s (%(position)s) thay mặt %(unit)s, ký ngày %(date)s "
            "(phiên bản %(version)s)"
        )
        % {
            "recorder": actor.display_name(),
            "name": signature.signer_name,
            "position": signature.position or "—",
            "unit": membership.unit.name,
            "date": signed_on.strftime("%d/%m/%Y"),
            "version": pledge.version,
        },
        data={
            "version": pledge.version,
            "unit": membership.unit_id,
            "fingerprint": current,
            "signature": signature.pk,
            "recorded_by": actor.pk,
            "signed_on": signed_on.isoformat(),
            "scan_sha256": scan_sha256,
        },
        ip_address=ip_address,
        unit=membership.unit,
    )
    if is_chair:
        _lock(pledge, actor=actor, live=live, current=current, when=now, ip_address=ip_address, unit=membership.unit)
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


def reminder_plan(pledge: Pledge) -> ReminderPlan:
    """The units that have not signed (the chair only once it is its turn: everyone else has signed) and who of
    their leaders and staff can be reached by e-mail (issue 14, item 24)."""
    pending = unsigned_memberships(pledge)
    chair_pending = [m for m in pending if m.role == MemberRole.CHAIR]
    others_pending = [m for m in pending if m.role != MemberRole.CHAIR]
    return plan_for([m.unit for m in (others_pending or chair_pending)], roles=[Role.LEADER, Role.STAFF])


@transaction.atomic
def pledge_remind_unsigned(*, actor: User | None, pledge: Pledge, base_url: str = "") -> int:
    """E-mail the leaders (and the emulation staff) of the member units that have not signed yet.

    Returns the number of e-mails sent. Called from the Celery task `emulation.tasks.remind_pledge_signers`.
    The audit row names the units nobody could be e-mailed at.
    """
    pledge = Pledge.objects.select_related("group").get(pk=pledge.pk)
    if pledge.status != PledgeStatus.OPEN:
        raise ValidationError(_("Chỉ nhắc ký khi giao ước đang trong thời gian ký kết."))
    plan = reminder_plan(pledge)
    unit_ids = [unit.pk for unit in plan.units]
    users = plan.recipients
    link = base_url.rstrip("/") + reverse("pledges:sign", args=[pledge.pk])
    subject = _("Nhắc ký giao ước thi đua: %(title)s") % {"title": pledge.title}
    body = _(
        "Kính gửi %(name)s,\n\n"
        "%(group)s đang ký kết %(title)s (phiên bản %(version)s). Đơn vị %(unit)s chưa ký.\n"
        "Lãnh đạo đơn vị vui lòng đăng nhập và ký tại: %(link)s\n\n"
        "Trân trọng."
    )
    sent = send_reminders(
        plan=plan,
        subject=subject,
        body=lambda user: (
            body
            % {
                "name": user.display_name(),
                "group": pledge.group.name,
                "title": pledge.title,
                "version": pledge.version,
                "unit": user.unit.name,
                "link": link,
            }
        ),
    )
    summary = _("Nhắc ký: %(count)s thư tới %(units)s đơn vị chưa ký") % {"count": sent, "units": len(unit_ids)}
    if plan.unreachable_units:
        summary += "; " + _("không gửi được tới: %(units)s (không có địa chỉ e-mail)") % {
            "units": ", ".join(unit.name for unit in plan.unreachable_units)
        }
    _audit(
        pledge,
        actor=actor,
        action="pledge.remind",
        summary=summary,
        data={
            "units": unit_ids,
            "emails": [u.email for u in users],
            "unreachable_units": [unit.pk for unit in plan.unreachable_units],
            "leaders_without_email": [u.pk for u in plan.leaders_without_email],
        },
    )
    return sent
