"""Writes of routing by authority (issue 18 item 3): a unit's head decides the awards in their authority inside the
unit; a provincial board bundles the state-level proposals it approved into one khen cao dossier to the central
board, which records its outcome per recipient.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.concurrency import save_unique
from clusters.models import Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..models import AwardRecord, Dispatch, DispatchItem, DispatchOutcome, Proposal, ProposalStatus
from ..selectors.dispatches import central_board, dispatchable_proposals
from .workflow import _transition, too_early


def _record(*, actor, proposal: Proposal, number: str, date, authority: str) -> AwardRecord:
    record = AwardRecord.for_proposal(proposal, number=number, date=date, authority=authority)
    record.full_clean()
    record.save()
    record_audit(
        actor=actor, action="award_record.create", target=record, unit=proposal.proposing_unit, summary=str(record)
    )
    return record


def _decision(number: str, date: datetime.date | None, proposal: Proposal) -> str:
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Cần nhập số quyết định.")})
    proposed_on = Proposal.objects.values_list("proposal_date", flat=True).get(pk=proposal.pk)
    if date is not None and date < proposed_on:
        raise ValidationError({"date": too_early(date, proposed_on)})
    return number


@transaction.atomic
def proposal_decide_in_unit(
    *, actor: User | None, proposal: Proposal, number: str, date: datetime.date | None, authority: str = ""
) -> Proposal:
    """The unit's head decides an award in their authority (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Giấy khen)
    that the unit sent up with its covering submission: the proposal is approved and decided inside the unit and
    the award enters the nominee's history; no board sees it in its queue."""
    number = _decision(number, date, proposal)
    authority = (authority or "").strip() or proposal.award_type.authority
    if Proposal.objects.filter(pk=proposal.pk, status__in=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW]):
        proposal = _transition(
            actor=actor,
            proposal=proposal,
            perm="awards.decide_in_unit",
            method="approve",
            action="approve",
            notify=False,
        )
    proposal = _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.decide_in_unit",
        method="decide",
        action="decide",
        comment=_("Quyết định số %(n)s (tại đơn vị)") % {"n": number},
        number=number,
        date=date,
        authority=authority,
    )
    _record(actor=actor, proposal=proposal, number=number, date=date, authority=authority)
    return proposal


@transaction.atomic
def dispatch_create(
    *,
    actor: User | None,
    board: Unit,
    year: int,
    number: str,
    title: str,
    body: str = "",
    proposals: Iterable[Proposal],
) -> Dispatch:
    """A provincial board sends the state-level proposals it approved up to the central board in one khen cao
    dossier (the board's covering submission). Each proposal goes up once."""
    require(actor, "awards.send_dispatch", board)
    recipient = central_board()
    if recipient is None:
        raise ValidationError(_("Chưa có Ban Thi đua - Khen thưởng Trung ương để nhận hồ sơ."))
    ids = sorted({p.pk for p in proposals})
    if not ids:
        raise ValidationError(_("Chọn ít nhất một đề nghị để gửi."))
    chosen = list(dispatchable_proposals(board).select_for_update(of=("self",)).filter(pk__in=ids))
    if len(chosen) != len(ids):
        raise ValidationError(
            _("Chỉ gửi được các đề nghị khen cao đã được Ban đồng ý và chưa gửi (có đề nghị đã gửi hoặc không hợp lệ).")
        )
    if any(p.year != year for p in chosen):
        raise ValidationError(_("Hồ sơ khen cao chỉ gồm các đề nghị của cùng một năm."))
    dispatch = Dispatch(
        sender=board,
        recipient=recipient,
        year=year,
        number=number.strip(),
        title=title.strip(),
        body=body,
        sent_by=actor,
    )
    dispatch.full_clean()
    save_unique(dispatch)
    for proposal in chosen:
        DispatchItem.objects.create(dispatch=dispatch, proposal=proposal)
    record_audit(
        actor=actor,
        action="dispatch.create",
        target=dispatch,
        unit=board,
        summary=_("Gửi hồ sơ khen cao %(n)s: %(c)s đề nghị") % {"n": dispatch.number, "c": len(chosen)},
        data={"proposals": [p.pk for p in chosen]},
    )
    return dispatch


@transaction.atomic
def dispatch_record_outcome(
    *,
    actor: User | None,
    item: DispatchItem,
    outcome: str,
    number: str = "",
    date: datetime.date | None = None,
    note: str = "",
) -> DispatchItem:
    """The central board records its outcome for one recipient of a khen cao dossier: granted (with the decision:
    the proposal is decided and the award enters the nominee's history) or refused (with the reason). Once
    recorded, an outcome stands."""
    item = DispatchItem.objects.select_for_update().select_related("dispatch", "proposal__award_type").get(pk=item.pk)
    require(actor, "awards.decide_dispatch", item)
    if item.outcome != DispatchOutcome.PENDING:
        raise ValidationError(
            _("Kết quả của đề nghị này đã được ghi nhận: %(o)s.") % {"o": item.get_outcome_display()},
            code="already_done",
        )
    note = (note or "").strip()
    if outcome == DispatchOutcome.GRANTED:
        number = _decision(number, date, item.proposal)
        authority = item.proposal.award_type.authority
        proposal = _transition(
            actor=actor,
            proposal=item.proposal,
            perm="awards.decide_dispatch",
            method="decide",
            action="decide",
            comment=_("Quyết định số %(n)s (Trung ương)") % {"n": number},
            number=number,
            date=date,
            authority=authority,
        )
        _record(actor=actor, proposal=proposal, number=number, date=date, authority=authority)
        item.decision_number, item.decision_date = number, date
    elif outcome == DispatchOutcome.REFUSED:
        if not note:
            raise ValidationError({"note": _("Cần ghi rõ lý do.")})
    else:
        raise ValidationError({"outcome": _("Kết quả không hợp lệ.")})
    item.outcome, item.note = outcome, note
    item.decided_by, item.decided_at = actor, timezone.now()
    item.full_clean()
    item.save()
    record_audit(
        actor=actor,
        action="dispatch.outcome",
        target=item.dispatch,
        unit=item.proposal.proposing_unit,
        summary=f"{item.proposal} — {item.get_outcome_display()}",
        data={"proposal": item.proposal_id, "outcome": outcome, "number": number, "note": note[:500]},
    )
    return item
