"""Writes for pledges: drafting, opening for signing, amending, signing, locking, reminding.

Rules enforced here (the views only show or hide buttons):
- only the chair unit of the group that year (its staff or leader), the board that
  organises the group and system admins may draft, edit, open or amend;
- content changes only while the pledge is a draft; an amendment after opening
  makes a new version and voids the signatures already given;
- each member unit's leader signs for their own unit, once per version, after
  re-entering their password; the chair unit signs last, which locks the pledge;
- nothing changes once signed (PostgreSQL also refuses it, see migration 0003).

Every write leaves an audit row on the pledge.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from clusters.models import EmulationGroup, MemberRole, Membership, Role, User
from clusters.rules import GroupYear
from clusters.services import record_audit

from ..models import (
    Campaign,
    CriterionKind,
    Pledge,
    PledgeItem,
    PledgeSignature,
    PledgeStatus,
    PledgeTarget,
    ScoringCriterion,
)

__all__ = [
    "PledgeVerification",
    "canonical_content",
    "criterion_delete",
    "criterion_save",
    "fingerprint",
    "item_delete",
    "item_move",
    "item_save",
    "pledge_amend",
    "pledge_copy_previous",
    "pledge_create",
    "pledge_open_for_signing",
    "pledge_remind_unsigned",
    "pledge_sign",
    "pledge_update",
    "pledge_verify",
]

SEAL_SALT = "emulation.pledge.seal"


# --- Fingerprint and seal -------------------------------------------------------------------
def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _amount(value) -> str:
    return f"{Decimal(value):.2f}"


def canonical_content(pledge: Pledge) -> dict:
    """The content a signer commits to, read fresh from the database rows.

    Everything that defines the pledge is in it (group, year, version, text,
    items with targets and campaigns, the scoring table); the status and the
    signatures are not.
    """
    items = (
        PledgeItem.objects.filter(pledge_id=pledge.pk)
        .order_by("number")
        .prefetch_related("targets", "campaigns")
        .only("pk", "number", "title", "body")
    )
    criteria = ScoringCriterion.objects.filter(pledge_id=pledge.pk).order_by("order", "code")
    row = Pledge.objects.filter(pk=pledge.pk).values("group_id", "year", "version", "title", "preamble", "place").get()
    group_name = EmulationGroup.objects.filter(pk=row["group_id"]).values_list("name", flat=True).get()
    return {
        "format": 1,
        "group": {"id": row["group_id"], "name": _text(group_name)},
        "year": row["year"],
        "version": row["version"],
        "title": _text(row["title"]),
        "preamble": _text(row["preamble"]),
        "place": _text(row["place"]),
        "items": [
            {
                "number": item.number,
                "title": _text(item.title),
                "body": _text(item.body),
                "campaigns": sorted(c.pk for c in item.campaigns.all()),
                "targets": [
                    {
                        "indicator": _text(t.indicator),
                        "unit_of_measure": _text(t.unit_of_measure),
                        "target_value": _amount(t.target_value),
                    }
                    for t in sorted(item.targets.all(), key=lambda t: (t.order, t.pk))
                ],
            }
            for item in items
        ],
        "criteria": [
            {
                "section": _text(c.section),
                "code": _text(c.code),
                "title": _text(c.title),
                "max_points": _amount(c.max_points),
                "kind": c.kind,
                "rule_text": _text(c.rule_text),
            }
            for c in criteria
        ],
    }


def fingerprint(pledge: Pledge) -> str:
    """SHA-256 (hex) of the canonical JSON of the pledge's current content."""
    payload = json.dumps(canonical_content(pledge), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _seal_payload(pledge: Pledge, content_fingerprint: str, signatures) -> str:
    rows = [
        [s.unit_id, s.signer_id, _text(s.signer_name), _text(s.position), s.signed_at.isoformat(), s.fingerprint]
        for s in sorted(signatures, key=lambda s: (s.signed_at, s.pk))
    ]
    return json.dumps([pledge.pk, pledge.version, content_fingerprint, rows], ensure_ascii=False)


def _seal(pledge: Pledge, content_fingerprint: str, signatures, secret: str | None = None) -> str:
    return salted_hmac(
        SEAL_SALT, _seal_payload(pledge, content_fingerprint, signatures), secret=secret, algorithm="sha256"
    ).hexdigest()


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
    current = fingerprint(pledge)
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
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        result.seal_intact = bool(pledge.seal) and any(
            constant_time_compare(pledge.seal, _seal(pledge, current, signatures, secret)) for secret in secrets
        )
    return result


# --- Permissions and state guards ----------------------------------------------------------
def _require(actor: User | None, perm: str, obj) -> None:
    """Services called by people check the permission again; loaders pass actor=None."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _require_draft(pledge: Pledge) -> None:
    if pledge.status == PledgeStatus.SIGNED:
        raise ValidationError(_("Giao ước đã ký kết và đã khóa, không thể thay đổi."))
    if pledge.status != PledgeStatus.DRAFT:
        raise ValidationError(
            _("Giao ước đang trong thời gian ký kết. Hãy tạo bản sửa đổi (phiên bản mới) trước khi sửa nội dung.")
        )


def _locked(pledge: Pledge) -> Pledge:
    """The pledge row, locked for the rest of the transaction."""
    return Pledge.objects.select_for_update().select_related("group").get(pk=pledge.pk)


def _audit(pledge: Pledge, *, actor, action: str, summary: str, data: dict | None = None, ip_address=None, unit=None):
    record_audit(
        actor=actor,
        action=action,
        target=pledge,
        summary=summary,
        data=data,
        unit=unit if unit is not None else getattr(actor, "unit", None),
        ip_address=ip_address,
    )


# --- Drafting ---------------------------------------------------------------------------------
def _add_item(pledge: Pledge, *, number: int, title: str, body: str, targets, campaign_ids) -> PledgeItem:
    item = PledgeItem(pledge=pledge, number=number, title=title or "", body=body)
    item.full_clean(exclude=["pledge"])
    item.save()
    for order, target in enumerate(targets or [], start=1):
        row = PledgeTarget(
            item=item,
            indicator=target["indicator"],
            unit_of_measure=target["unit_of_measure"],
            target_value=Decimal(str(target["target_value"])),
            order=target.get("order", order),
        )
        row.full_clean(exclude=["item"])
        row.save()
    if campaign_ids:
        item.campaigns.set(Campaign.objects.filter(pk__in=campaign_ids))
    return item


def _add_criterion(pledge: Pledge, *, default_order: int, **fields) -> ScoringCriterion:
    criterion = ScoringCriterion(
        pledge=pledge,
        section=fields.get("section", ""),
        code=fields["code"],
        title=fields["title"],
        max_points=Decimal(str(fields["max_points"])),
        kind=fields.get("kind", CriterionKind.CRITERION),
        rule_text=fields.get("rule_text", ""),
        order=fields.get("order") or default_order,
    )
    criterion.full_clean(exclude=["pledge"])
    criterion.save()
    return criterion


@transaction.atomic
def pledge_create(
    *,
    actor: User | None,
    group: EmulationGroup,
    year: int,
    title: str,
    preamble: str = "",
    place: str = "",
    items: list[dict] | None = None,
    criteria: list[dict] | None = None,
    copied_from: Pledge | None = None,
) -> Pledge:
    """Draft the pledge of `group` for `year`, with its content items and scoring table.

    items: [{"title", "body", "targets": [{"indicator", "unit_of_measure", "target_value"}], "campaign_ids": [...]}]
    criteria: [{"section", "code", "title", "max_points", "kind", "rule_text"}]
    """
    _require(actor, "emulation.add_pledge", GroupYear(group, year))
    if not Membership.objects.filter(group=group, year=year).exists():
        raise ValidationError(_("Cụm, khối chưa có đơn vị thành viên trong năm %(year)s.") % {"year": year})
    if Pledge.objects.filter(group=group, year=year).exists():
        raise ValidationError(_("Cụm, khối đã có giao ước thi đua cho năm này."))
    pledge = Pledge(
        group=group,
        year=year,
        title=title,
        preamble=preamble,
        place=place,
        copied_from=copied_from,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    pledge.full_clean(exclude=["status", "verification_code"])
    pledge.save()
    for number, item in enumerate(items or [], start=1):
        _add_item(
            pledge,
            number=item.get("number", number),
            title=item.get("title", ""),
            body=item["body"],
            targets=item.get("targets"),
            campaign_ids=item.get("campaign_ids"),
        )
    for order, criterion in enumerate(criteria or [], start=1):
        _add_criterion(pledge, default_order=order, **criterion)
    _audit(
        pledge,
        actor=actor,
        action="pledge.create",
        summary=_("Tạo dự thảo giao ước: %(title)s") % {"title": title},
        data={
            "items": len(items or []),
            "criteria": len(criteria or []),
            "copied_from": copied_from.pk if copied_from else None,
        },
    )
    return pledge


@transaction.atomic
def pledge_copy_previous(*, actor: User | None, group: EmulationGroup, year: int) -> Pledge:
    """Start `year`'s pledge from the group's latest earlier pledge (items, targets, campaigns, scoring table)."""
    previous = (
        Pledge.objects.filter(group=group, year__lt=year)
        .order_by("-year")
        .prefetch_related("items__targets", "items__campaigns", "criteria")
        .first()
    )
    if previous is None:
        raise ValidationError(_("Cụm, khối chưa có giao ước của năm trước để sao chép."))
    title = previous.title.replace(str(previous.year), str(year))
    if title == previous.title:
        title = _("Giao ước thi đua năm %(year)s") % {"year": year}
    return pledge_create(
        actor=actor,
        group=group,
        year=year,
        title=title,
        preamble=previous.preamble.replace(str(previous.year), str(year)),
        place="",
        copied_from=previous,
        items=[
            {
                "number": item.number,
                "title": item.title,
                "body": item.body,
                "targets": [
                    {
                        "indicator": t.indicator,
                        "unit_of_measure": t.unit_of_measure,
                        "target_value": t.target_value,
                        "order": t.order,
                    }
                    for t in item.targets.all()
                ],
                "campaign_ids": [c.pk for c in item.campaigns.all() if c.end_date is None or c.end_date.year >= year],
            }
            for item in previous.items.all()
        ],
        criteria=[
            {
                "section": c.section,
                "code": c.code,
                "title": c.title,
                "max_points": c.max_points,
                "kind": c.kind,
                "rule_text": c.rule_text,
                "order": c.order,
            }
            for c in previous.criteria.all()
        ],
    )


@transaction.atomic
def pledge_update(*, actor: User | None, pledge: Pledge, **fields) -> Pledge:
    """Change the title, preamble or place of a draft."""
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    changed = {}
    for name in ("title", "preamble", "place"):
        if name in fields and getattr(pledge, name) != fields[name]:
            changed[name] = [getattr(pledge, name), fields[name]]
            setattr(pledge, name, fields[name])
    if changed:
        pledge.full_clean(exclude=["status", "verification_code"])
        pledge.save()
        _audit(pledge, actor=actor, action="pledge.update", summary=_("Sửa thông tin chung"), data=changed)
    return pledge


@transaction.atomic
def item_save(
    *,
    actor: User | None,
    pledge: Pledge,
    item: PledgeItem | None = None,
    title: str = "",
    body: str,
    targets: list[dict] | None = None,
    campaign_ids: list[int] | None = None,
) -> PledgeItem:
    """Add a content item at the end, or replace an item's text, targets and campaigns."""
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    if item is None:
        number = (pledge.items.aggregate(n=Max("number"))["n"] or 0) + 1
        item = _add_item(pledge, number=number, title=title, body=body, targets=targets, campaign_ids=campaign_ids)
        _audit(
            pledge,
            actor=actor,
            action="pledge.item_add",
            summary=_("Thêm nội dung %(ordinal)s") % {"ordinal": item.ordinal},
            data={"item": item.pk, "title": title, "body": body},
        )
        return item
    if item.pledge_id != pledge.pk:
        raise ValidationError(_("Nội dung không thuộc giao ước này."))
    before = {"title": item.title, "body": item.body}
    item.title, item.body = title, body
    item.full_clean(exclude=["pledge"])
    item.save()
    if targets is not None:
        item.targets.all().delete()
        for order, target in enumerate(targets, start=1):
            row = PledgeTarget(
                item=item,
                indicator=target["indicator"],
                unit_of_measure=target["unit_of_measure"],
                target_value=Decimal(str(target["target_value"])),
                order=order,
            )
            row.full_clean(exclude=["item"])
            row.save()
    if campaign_ids is not None:
        item.campaigns.set(Campaign.objects.filter(pk__in=campaign_ids))
    _audit(
        pledge,
        actor=actor,
        action="pledge.item_update",
        summary=_("Sửa nội dung %(ordinal)s") % {"ordinal": item.ordinal},
        data={"item": item.pk, "before": before, "after": {"title": title, "body": body}, "targets": targets},
    )
    return item


def _renumber(pledge: Pledge, ordered_ids: list[int]) -> None:
    # Two passes keep the (pledge, number) unique constraint satisfied at every statement.
    offset = 1000
    for index, pk in enumerate(ordered_ids, start=1):
        PledgeItem.objects.filter(pk=pk).update(number=offset + index)
    for index, pk in enumerate(ordered_ids, start=1):
        PledgeItem.objects.filter(pk=pk).update(number=index)


@transaction.atomic
def item_delete(*, actor: User | None, pledge: Pledge, item: PledgeItem) -> None:
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    if item.pledge_id != pledge.pk:
        raise ValidationError(_("Nội dung không thuộc giao ước này."))
    summary = _("Xóa nội dung %(ordinal)s") % {"ordinal": item.ordinal}
    data = {"item": item.pk, "title": item.title, "body": item.body}
    item.delete()
    _renumber(pledge, list(pledge.items.order_by("number").values_list("pk", flat=True)))
    _audit(pledge, actor=actor, action="pledge.item_delete", summary=summary, data=data)


@transaction.atomic
def item_move(*, actor: User | None, pledge: Pledge, item: PledgeItem, up: bool) -> None:
    """Swap the item with the one before (up) or after it."""
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    ids = list(pledge.items.order_by("number").values_list("pk", flat=True))
    if item.pk not in ids:
        raise ValidationError(_("Nội dung không thuộc giao ước này."))
    index = ids.index(item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ids):
        return
    ids[index], ids[other] = ids[other], ids[index]
    _renumber(pledge, ids)
    _audit(
        pledge,
        actor=actor,
        action="pledge.item_move",
        summary=_("Đổi thứ tự nội dung: %(from)s → %(to)s") % {"from": index + 1, "to": other + 1},
        data={"item": item.pk, "order": ids},
    )


@transaction.atomic
def criterion_save(
    *, actor: User | None, pledge: Pledge, criterion: ScoringCriterion | None = None, **fields
) -> ScoringCriterion:
    """Add a row to the scoring table or change one."""
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    if criterion is None:
        order = (pledge.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
        criterion = _add_criterion(pledge, default_order=order, **fields)
        _audit(
            pledge,
            actor=actor,
            action="pledge.criterion_add",
            summary=_("Thêm tiêu chí %(code)s") % {"code": criterion.code},
            data={k: str(v) for k, v in fields.items()},
        )
        return criterion
    if criterion.pledge_id != pledge.pk:
        raise ValidationError(_("Tiêu chí không thuộc giao ước này."))
    changed = {}
    for name in ("section", "code", "title", "max_points", "kind", "rule_text", "order"):
        if name in fields and fields[name] is not None and getattr(criterion, name) != fields[name]:
            changed[name] = [str(getattr(criterion, name)), str(fields[name])]
            setattr(criterion, name, fields[name])
    if changed:
        criterion.full_clean(exclude=["pledge"])
        criterion.save()
        _audit(
            pledge,
            actor=actor,
            action="pledge.criterion_update",
            summary=_("Sửa tiêu chí %(code)s") % {"code": criterion.code},
            data=changed,
        )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User | None, pledge: Pledge, criterion: ScoringCriterion) -> None:
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    if criterion.pledge_id != pledge.pk:
        raise ValidationError(_("Tiêu chí không thuộc giao ước này."))
    data = {"code": criterion.code, "title": criterion.title, "max_points": str(criterion.max_points)}
    criterion.delete()
    _audit(
        pledge,
        actor=actor,
        action="pledge.criterion_delete",
        summary=_("Xóa tiêu chí %(code)s") % {"code": data["code"]},
        data=data,
    )


# --- Life cycle ---------------------------------------------------------------------------------
@transaction.atomic
def pledge_open_for_signing(*, actor: User | None, pledge: Pledge) -> Pledge:
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
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
        data={"version": pledge.version, "fingerprint": fingerprint(pledge)},
    )
    return pledge


@transaction.atomic
def pledge_amend(*, actor: User | None, pledge: Pledge, reason: str) -> Pledge:
    """Reopen an open pledge for drafting as a new version; signatures given so far are voided."""
    pledge = _locked(pledge)
    _require(actor, "emulation.change_pledge", pledge)
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
    actor: User,
    pledge: Pledge,
    version: int,
    password: str,
    seen_fingerprint: str | None = None,
    position: str | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> PledgeSignature:
    """The leader of a member unit signs the given version for their own unit.

    The chair unit signs last; its signature locks the pledge.
    """
    pledge = _locked(pledge)
    if pledge.status == PledgeStatus.SIGNED:
        raise ValidationError(_("Giao ước đã ký kết và đã khóa."))
    if pledge.status != PledgeStatus.OPEN:
        raise ValidationError(_("Giao ước chưa được mở để ký kết."))
    if not actor.is_authenticated or actor.role != Role.LEADER or actor.unit_id is None or not actor.is_active:
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
    current = fingerprint(pledge)
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
        signer_name=actor.get_full_name() or actor.username,
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
        pledge.lock(when=now, seal=_seal(pledge, current, signatures))
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
            "name": user.get_full_name() or user.username,
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
