"""Writes for drafting pledges: the pledge, its content items with their targets, its scoring table.

Rules enforced here (the views only show or hide buttons):
- only the chair unit of the group that year (its staff or leader), the board that
  organises the group and system admins may draft and edit;
- content changes only while the pledge is a draft (`emulation.services.signing` opens it
  for signing, amends it into a new version and collects the signatures);
- nothing changes once signed (PostgreSQL also refuses it, see migration 0003).

Every write leaves an audit row on the pledge.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from clusters.concurrency import claim_version, save_unique
from clusters.models import EmulationGroup, Membership, User
from clusters.rules import GroupYear, require
from clusters.services.audit import record_audit

from ..models import Campaign, CriterionKind, Pledge, PledgeItem, PledgeStatus, PledgeTarget, ScoringCriterion
from ..selectors.pledges import campaigns_for_item

__all__ = [
    "criterion_delete",
    "criterion_save",
    "draft_refusal",
    "item_delete",
    "item_move",
    "item_save",
    "pledge_copy_previous",
    "pledge_create",
    "pledge_update",
]


# --- State guards ------------------------------------------------------------------------------
def draft_refusal(pledge: Pledge) -> str | None:
    """Why the pledge's content may not be edited now, or None: what every drafting service refuses with, and
    what the edit pages show instead of a form."""
    if pledge.status == PledgeStatus.SIGNED:
        return _("Giao ước đã ký kết và đã khóa, không thể thay đổi.")
    if pledge.status != PledgeStatus.DRAFT:
        return _("Giao ước đang trong thời gian ký kết. Hãy tạo bản sửa đổi (phiên bản mới) trước khi sửa nội dung.")
    return None


def _require_draft(pledge: Pledge) -> None:
    refusal = draft_refusal(pledge)
    if refusal:
        raise ValidationError(refusal)


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


def _plain(value):
    """A value as the audit row's JSON holds it (dates as dd/mm/yyyy)."""
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value


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
    ceremony_date: datetime.date | None = None,
    items: list[dict] | None = None,
    criteria: list[dict] | None = None,
    copied_from: Pledge | None = None,
) -> Pledge:
    """Draft the pledge of `group` for `year`, with its content items and scoring table.

    items: [{"title", "body", "targets": [{"indicator", "unit_of_measure", "target_value"}], "campaign_ids": [...]}]
    criteria: [{"section", "code", "title", "max_points", "kind", "rule_text"}]
    """
    require(actor, "emulation.add_pledge", GroupYear(group, year))
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
        ceremony_date=ceremony_date,
        copied_from=copied_from,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    pledge.full_clean(exclude=["status", "verification_code"])
    save_unique(pledge)
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
def pledge_update(*, actor: User | None, pledge: Pledge, version=None, **fields) -> Pledge:
    """Change the title, preamble, place or ceremony date of a draft (`version`: the `updated_at` its form was
    opened on)."""
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    claim_version(pledge, version)
    changed = {}
    for name in ("title", "preamble", "place", "ceremony_date"):
        if name in fields and getattr(pledge, name) != fields[name]:
            changed[name] = [_plain(getattr(pledge, name)), _plain(fields[name])]
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
    version=None,
) -> PledgeItem:
    """Add a content item at the end, or replace an item's text, targets and campaigns (`version`: the
    `updated_at` the item's form was opened on)."""
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
    _require_draft(pledge)
    if campaign_ids:
        allowed = set(
            campaigns_for_item(pledge=pledge, item=item).filter(pk__in=campaign_ids).values_list("pk", flat=True)
        )
        if set(campaign_ids) - allowed:
            raise ValidationError(
                {
                    "campaigns": _(
                        "Chỉ liên kết được với phong trào của chính cụm, khối hoặc của cơ quan tổ chức cụm, khối, "
                        "đang diễn ra trong năm của giao ước."
                    )
                }
            )
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
    claim_version(item, version)
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
        data={
            "item": item.pk,
            "before": before,
            "after": {"title": title, "body": body},
            "targets": [{k: str(v) for k, v in target.items()} for target in targets or []],
        },
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
    require(actor, "emulation.change_pledge", pledge)
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
    require(actor, "emulation.change_pledge", pledge)
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
    *, actor: User | None, pledge: Pledge, criterion: ScoringCriterion | None = None, version=None, **fields
) -> ScoringCriterion:
    """Add a row to the scoring table or change one."""
    pledge = _locked(pledge)
    require(actor, "emulation.change_pledge", pledge)
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
    claim_version(criterion, version)
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
    require(actor, "emulation.change_pledge", pledge)
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
