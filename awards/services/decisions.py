"""Writes of award decisions: draft one, put approved proposals in it or take them out, issue it (every award
record at once, each with the next number of the authority's register), revoke it or one record of it.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.concurrency import claim_state, claim_version, save_unique, state_version
from clusters.models import Role, Unit, UnitKind, User, WebhookEvent
from clusters.rules import require
from clusters.selectors.units import boards_over
from clusters.services.audit import record_audit, record_audits
from clusters.services.webhooks import webhook_emit

from ..cache import data_changed
from ..models import (
    AwardRecord,
    Decision,
    DecisionEntry,
    DecisionStatus,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    RegisterCounter,
)
from ..selectors.workflow import NATIONAL_LEVELS, board_scope

logger = logging.getLogger(__name__)

#: The fields of a decision its draft form edits.
DRAFT_FIELDS = ("title", "number", "date", "place", "decided_by", "signer_name", "signer_position", "legal_grounds")


class AlreadyIssued(ValidationError):
    """The decision was issued (or revoked) by a parallel request: a second click, a colleague."""

    def __init__(self, decision: Decision):
        self.decision = decision
        super().__init__(
            _("Quyết định đã được ban hành trước đó (số %(number)s); không ban hành lại.")
            % {"number": decision.number},
            code="already_done",
        )


def _clean_text(value) -> str:
    return (value or "").strip()


@transaction.atomic
def decision_create(
    *,
    actor: User | None,
    authority: Unit,
    title: str,
    number: str = "",
    date: datetime.date | None = None,
    place: str = "",
    decided_by: str = "",
    signer_name: str = "",
    signer_position: str = "",
    legal_grounds: str = "",
) -> Decision:
    """A draft decision of `authority` (a board)."""
    require(actor, "awards.add_decision", authority)
    decision = Decision(
        authority=authority,
        title=_clean_text(title),
        number=_clean_text(number),
        date=date,
        place=_clean_text(place),
        decided_by=_clean_text(decided_by),
        signer_name=_clean_text(signer_name),
        signer_position=_clean_text(signer_position),
        legal_grounds=(legal_grounds or "").strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    decision.full_clean()
    save_unique(decision)
    record_audit(actor=actor, action="decision.create", target=decision, unit=authority, summary=str(decision))
    return decision


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("authority").get(pk=decision.pk)


def _require_draft(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        raise AlreadyIssued(decision)


@transaction.atomic
def decision_update(*, actor: User | None, decision: Decision, version=None, **fields) -> Decision:
    """Edit a draft's number, date, place, signer, legal grounds (optimistic lock: `version`)."""
    decision = _locked(decision)
    require(actor, "awards.change_decision", decision)
    _require_draft(decision)
    claim_version(decision, version)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"decision_update: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    decision.full_clean()
    save_unique(decision)
    record_audit(actor=actor, action="decision.update", target=decision, unit=decision.authority, summary=str(decision))
    return decision


def entries_version(decision: Decision) -> str:
    """The version of the set of proposals a draft grants (`clusters.concurrency.state_version`)."""
    return state_version(DecisionEntry.objects.filter(decision=decision).values_list("proposal_id", flat=True))


@transaction.atomic
def decision_add_proposals(*, actor: User | None, decision: Decision, proposals: Iterable[Proposal]) -> int:
    """Put approved proposals of the decision's board (not in another decision) in the draft. Returns how many
    were added; a proposal already in this decision is left as it is."""
    decision = _locked(decision)
    require(actor, "awards.change_decision", decision)
    _require_draft(decision)
    ids = {p.pk for p in proposals}
    if not ids:
        raise ValidationError(_("Chọn ít nhất một đề nghị."))
    allowed = set(
        Proposal.objects.filter(board_scope(decision.authority), pk__in=ids, status=ProposalStatus.APPROVED)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    refused = ids - allowed
    if refused:
        names = ", ".join(str(p) for p in Proposal.objects.filter(pk__in=refused).select_related("award_type")[:5])
        raise ValidationError(
            _("Chỉ đưa vào quyết định các đề nghị đã thẩm định, đồng ý thuộc thẩm quyền của %(board)s: %(names)s.")
            % {"board": decision.authority.name, "names": names}
        )
    taken = DecisionEntry.objects.filter(proposal_id__in=ids).exclude(decision=decision).select_related("decision")
    if taken:
        raise ValidationError(
            _("Đề nghị đã nằm trong quyết định khác: %(items)s.")
            % {"items": ", ".join(f"{e.proposal_id} ({e.decision})" for e in taken[:5])}
        )
    present = set(DecisionEntry.objects.filter(decision=decision).values_list("proposal_id", flat=True))
    new = sorted(ids - present)
    try:
        with transaction.atomic():
            DecisionEntry.objects.bulk_create([DecisionEntry(decision=decision, proposal_id=pk) for pk in new])
    except IntegrityError:
        raise ValidationError(_("Đề nghị vừa được đưa vào quyết định khác. Hãy tải lại trang.")) from None
    Decision.objects.filter(pk=decision.pk).update(updated_at=timezone.now())
    record_audit(
        actor=actor,
        action="decision.add_proposals",
        target=decision,
        unit=decision.authority,
        summary=_("Thêm %(n)s đề nghị") % {"n": len(new)},
        data={"proposals": new[:500]},
    )
    return len(new)


@transaction.atomic
def decision_remove_proposals(*, actor: User | None, decision: Decision, proposals: Iterable[Proposal]) -> int:
    decision = _locked(decision)
    require(actor, "awards.change_decision", decision)
    _require_draft(decision)
    ids = sorted({p.pk for p in proposals})
    removed, _count = DecisionEntry.objects.filter(decision=decision, proposal_id__in=ids).delete()
    Decision.objects.filter(pk=decision.pk).update(updated_at=timezone.now())
    record_audit(
        actor=actor,
        action="decision.remove_proposals",
        target=decision,
        unit=decision.authority,
        summary=_("Bỏ %(n)s đề nghị") % {"n": removed},
        data={"proposals": ids[:500]},
    )
    return removed


def _take_register_numbers(authority: Unit, year: int, count: int) -> int:
    """The first of `count` consecutive register numbers of `authority` for `year`, taken under the counter
    row's lock (FOR UPDATE) so that parallel issues of the same authority queue and numbers have no gap."""
    RegisterCounter.objects.bulk_create([RegisterCounter(authority=authority, year=year)], ignore_conflicts=True)
    counter = RegisterCounter.objects.select_for_update().get(authority=authority, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


@transaction.atomic
def decision_issue(
    *, actor: User | None, decision: Decision, number: str, date: datetime.date | None, version=None
) -> Decision:
    """Issue the decision: every proposal it grants becomes an award record at once, numbered in the
    authority's register for the decision's year, and is decided. Two clicks at once: the second waits on the
    decision's lock, then finds it issued (`AlreadyIssued`)."""
    decision = _locked(decision)
    require(actor, "awards.change_decision", decision)
    _require_draft(decision)
    claim_state(version, entries_version(decision))
    number = _clean_text(number)
    errors = {}
    if not number:
        errors["number"] = _("Cần nhập số quyết định.")
    if date is None:
        errors["date"] = _("Cần nhập ngày ban hành.")
    if errors:
        raise ValidationError(errors)
    proposals = list(
        Proposal.objects.select_for_update(of=("self",))
        .filter(decision_entry__decision=decision)
        .select_related("award_type", "nominee_unit", "nominee_person", "proposing_unit")
        .order_by("decision_entry__id")
    )
    if not proposals:
        raise ValidationError(_("Quyết định chưa có đề nghị nào."))
    not_approved = [p for p in proposals if p.status != ProposalStatus.APPROVED]
    if not_approved:
        raise ValidationError(
            _("Các đề nghị sau không còn ở trạng thái đã thẩm định, đồng ý: %(items)s. Bỏ ra khỏi quyết định.")
            % {"items": "; ".join(str(p) for p in not_approved[:10])}
        )
    early = [p for p in proposals if date < p.proposal_date]
    if early:
        raise ValidationError(
            {
                "date": _("Ngày ban hành %(date)s trước ngày đề nghị của: %(items)s.")
                % {"date": date.strftime("%d/%m/%Y"), "items": "; ".join(str(p) for p in early[:10])}
            }
        )
    from_status = ProposalStatus.APPROVED
    decision.number, decision.date = number, date
    decision.issue()
    decision.issued_at = timezone.now()
    decision.full_clean()
    save_unique(decision)

    authority = decision.authority
    first = _take_register_numbers(authority, date.year, len(proposals))
    records = [
        AwardRecord.for_proposal(
            p,
            number=number,
            date=date,
            authority=decision.decided_by or p.award_type.authority,
            decision=decision,
            register_authority=authority,
            register_year=date.year,
            register_number=first + index,
        )
        for index, p in enumerate(proposals)
    ]
    try:
        with transaction.atomic():
            AwardRecord.objects.bulk_create(records, batch_size=1000)
    except IntegrityError:
        raise ValidationError(
            _("Một đối tượng trong quyết định đã có khen thưởng này theo quyết định cùng số.")
        ) from None
    now = timezone.now()
    for record, proposal in zip(records, proposals, strict=True):
        proposal.decide(number=number, date=date, authority=record.decision_authority)
        proposal.updated_at = now
    Proposal.objects.bulk_update(
        proposals, ["status", "decision_number", "decision_date", "decision_authority", "updated_at"], batch_size=500
    )
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    comment = _("Quyết định số %(n)s") % {"n": number}
    ProposalEvent.objects.bulk_create(
        [
            ProposalEvent(
                proposal=p,
                action="decide",
                from_status=from_status,
                to_status=p.status,
                actor_id=actor_id,
                comment=comment,
            )  # fmt: skip
            for p in proposals
        ],
        batch_size=1000,
    )

    def unit_of(proposal: Proposal) -> int:
        return proposal.proposing_unit_id

    record_audits(
        actor=actor,
        action="award_record.create",
        entries=((r, unit_of(p), f"{r.register_number}: {p}") for r, p in zip(records, proposals, strict=True)),
    )
    record_audits(
        actor=actor,
        action="proposal.decide",
        entries=((p, unit_of(p), f"{p} — {number}") for p in proposals),
    )
    record_audit(
        actor=actor,
        action="decision.issue",
        target=decision,
        unit=authority,
        summary=_("%(decision)s: %(n)s khen thưởng, số vào sổ %(first)s–%(last)s")
        % {"decision": decision, "n": len(records), "first": first, "last": first + len(records) - 1},
    )
    transaction.on_commit(_records_changed)
    # other systems of the issuing board learn of it once this commits (issue 20 item 2)
    webhook_emit(
        event=WebhookEvent.DECISION_ISSUED,
        boards=[authority.pk],
        payload={
            "decision": decision.pk,
            "number": number,
            "date": date,
            "authority": authority.name,
            "public_code": decision.public_code,
            "records": len(records),
            "register_numbers": [first, first + len(records) - 1],
        },
    )
    return decision


def deciding_board(*, actor, proposal: Proposal) -> Unit | None:
    """The board whose register numbers a decision typed on one proposal: the reviewer's own board; for the
    system or an administrator, the central board for national awards, else the first board over the proposing
    unit."""
    if actor is not None and actor.is_authenticated and actor.role == Role.REVIEWER and actor.unit_id:
        return actor.unit
    if proposal.award_type.level in NATIONAL_LEVELS:
        return Unit.objects.filter(kind=UnitKind.CENTRAL).order_by("pk").first()
    return boards_over(proposal.proposing_unit_id).filter(kind=UnitKind.BOARD).order_by("pk").first()


def record_single_decision(
    *, actor, proposal: Proposal, number: str, date: datetime.date, authority_text: str
) -> AwardRecord | None:
    """The one-proposal decide path (`awards.services.workflow.proposal_decide`, inside its transaction, the
    proposal already decided), routed through a `Decision`: the proposal joins the board's issued decision with
    this number (created, issued, if there is none) and its record takes the next number of the board's
    register. None when no board can be found: the caller records the award without a register number."""
    entry = DecisionEntry.objects.filter(proposal=proposal).select_related("decision").first()
    if entry is not None:
        raise ValidationError(
            _("Đề nghị nằm trong dự thảo quyết định «%(decision)s»: ban hành quyết định đó hoặc bỏ đề nghị ra.")
            % {"decision": entry.decision}
        )
    board = deciding_board(actor=actor, proposal=proposal)
    if board is None:
        return None
    Decision.objects.bulk_create(
        [
            Decision(
                authority=board,
                number=number,
                date=date,
                title=_("Quyết định khen thưởng số %(n)s") % {"n": number},
                decided_by=authority_text,
                status=DecisionStatus.ISSUED,
                issued_at=timezone.now(),
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )  # fmt: skip
        ],
        ignore_conflicts=True,
    )
    decision = Decision.objects.select_for_update().get(authority=board, number=number)
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(
            {
                "number": _("Số %(n)s là của một quyết định %(status)s của %(board)s: chọn số khác.")
                % {"n": number, "status": decision.get_status_display().lower(), "board": board.name}
            }
        )
    if decision.date != date:
        raise ValidationError(
            {
                "date": _("Quyết định số %(n)s của %(board)s đã ban hành ngày %(date)s.")
                % {"n": number, "board": board.name, "date": decision.date.strftime("%d/%m/%Y")}
            }
        )
    DecisionEntry.objects.create(decision=decision, proposal=proposal)
    record = AwardRecord.for_proposal(
        proposal,
        number=number,
        date=date,
        authority=authority_text,
        decision=decision,
        register_authority=board,
        register_year=date.year,
        register_number=_take_register_numbers(board, date.year, 1),
    )
    record.full_clean()
    record.save()
    record_audit(
        actor=actor,
        action="decision.add_record",
        target=decision,
        unit=board,
        summary=f"{decision}: {record.register_number} — {proposal}",
    )
    return record


def _revocation(reason: str, number: str, date) -> tuple[str, str]:
    reason, number = (reason or "").strip(), _clean_text(number)
    errors = {}
    if not reason:
        errors["reason"] = _("Cần ghi rõ lý do thu hồi.")
    if not number:
        errors["number"] = _("Cần nhập số quyết định thu hồi.")
    if date is None:
        errors["date"] = _("Cần nhập ngày quyết định thu hồi.")
    if errors:
        raise ValidationError(errors)
    return reason, number


@transaction.atomic
def decision_revoke(
    *, actor: User | None, decision: Decision, reason: str, number: str, date: datetime.date | None
) -> Decision:
    """Revoke (thu hồi) the whole decision by a revoking decision: every record it granted stays, marked
    revoked, and drops out of the eligibility history, the counts and the searches."""
    decision = _locked(decision)
    require(actor, "awards.change_decision", decision)
    reason, number = _revocation(reason, number, date)
    if decision.status == DecisionStatus.REVOKED:
        raise ValidationError(_("Quyết định đã được thu hồi trước đó."), code="already_done")
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Chỉ thu hồi quyết định đã ban hành."))
    decision.revoke(reason=reason, number=number, date=date)
    decision.revoked_at = timezone.now()
    decision.full_clean()
    decision.save()
    revoked = AwardRecord.objects.filter(decision=decision).update(
        revoked_at=decision.revoked_at, revocation_reason=reason[:2000], revoked_by_number=number, revoked_by_date=date
    )
    record_audit(
        actor=actor,
        action="decision.revoke",
        target=decision,
        unit=decision.authority,
        summary=_("%(decision)s thu hồi theo quyết định %(number)s: %(n)s khen thưởng")
        % {"decision": decision, "number": number, "n": revoked},
        data={"reason": reason[:500], "number": number, "date": date.isoformat()},
    )
    transaction.on_commit(_records_changed)
    return decision


@transaction.atomic
def record_revoke(
    *, actor: User | None, record: AwardRecord, reason: str, number: str, date: datetime.date | None
) -> AwardRecord:
    """Revoke one award record of an issued decision by a revoking decision (the decision stays issued)."""
    record = (
        AwardRecord.all_objects.select_for_update(of=("self",))
        .select_related("decision__authority", "award_type", "nominee_unit", "nominee_person")
        .get(pk=record.pk)
    )
    if record.decision is None:
        require(actor, "awards.manage_records")
        require(actor, "awards.view_record", record)
    else:
        require(actor, "awards.change_decision", record.decision)
    reason, number = _revocation(reason, number, date)
    if record.revoked_at is not None:
        raise ValidationError(_("Khen thưởng này đã được thu hồi trước đó."), code="already_done")
    if record.decision is not None and record.decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Chỉ thu hồi khen thưởng của quyết định đã ban hành."))
    record.revoked_at = timezone.now()
    record.revocation_reason = reason[:2000]
    record.revoked_by_number = number
    record.revoked_by_date = date
    record.full_clean(validate_unique=False)
    record.save(update_fields=["revoked_at", "revocation_reason", "revoked_by_number", "revoked_by_date"])
    unit = record.nominee_unit or record.nominee_person.unit
    record_audit(
        actor=actor,
        action="award_record.revoke",
        target=record,
        unit=unit,
        summary=_("%(record)s thu hồi theo quyết định %(number)s") % {"record": record, "number": number},
        data={"reason": reason[:500], "number": number, "date": date.isoformat()},
    )
    transaction.on_commit(_records_changed)
    return record


def _records_changed() -> None:
    """A bulk insert or update sends no post_save: invalidate the cached award reads here (see awards.apps)."""
    try:
        data_changed()
    except Exception:  # the cache is down: the records stand, cached figures expire on their own
        logger.warning("cached awards reads not invalidated", exc_info=True)
