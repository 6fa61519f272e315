"""Writes of the workflow: send proposals up with a covering submission, review them, record the decision,
comment; the people concerned hear about each step by e-mail.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed
from kombu.exceptions import OperationalError as BrokerError

from clusters.concurrency import save_unique
from clusters.models import Unit, UnitKind, User, WebhookEvent
from clusters.rules import require
from clusters.selectors.units import boards_over
from clusters.services.audit import record_audit
from clusters.services.webhooks import webhook_emit

from .. import eligibility
from ..models import AttachmentKind, AwardRecord, Proposal, ProposalEvent, ProposalStatus, Submission
from ..selectors import workflow as workflow_selectors
from ..tasks import notify_proposal_event
from .decisions import record_single_decision
from .proposals import _event, refresh_eligibility, refresh_unit_year

logger = logging.getLogger(__name__)


def _notify(event: ProposalEvent) -> None:
    """E-mail the people concerned through Celery once the change is committed. If the queue is down the
    e-mail is sent in-process instead: the workflow goes on and nobody misses the news."""

    def send() -> None:
        try:
            notify_proposal_event.apply_async(args=[event.pk], retry=False)
        except (BrokerError, ConnectionError, OSError) as error:
            logger.warning("Queue unavailable (%s): notifying proposal event %s in-process", error, event.pk)
            try:
                notify_proposal_event.run(event.pk)
            except Exception:  # the proposal is saved; a failed e-mail must not turn it into an error page
                logger.exception("Could not notify proposal event %s", event.pk)

    transaction.on_commit(send)


#: The statuses in which a step has already been taken: a second click, a second tab or a colleague did it first.
_REACHED = {
    "submit": {ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED, ProposalStatus.DECIDED},
    "start_review": {ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED, ProposalStatus.DECIDED},
    "return": {ProposalStatus.RETURNED},
    "reject": {ProposalStatus.REJECTED},
    "approve": {ProposalStatus.APPROVED, ProposalStatus.DECIDED},
    "decide": {ProposalStatus.DECIDED},
}


def already_done(*, actor, proposal: Proposal, action: str) -> bool:
    """The step `action` has already been taken on `proposal` (its status shows it) and `actor` may see the
    proposal: the page to show is the proposal as it is now, with a message, not a refusal."""
    if actor is None:
        return False
    return proposal.status in _REACHED.get(action, ()) and actor.has_perm("awards.view_proposal", proposal)


class AlreadyDone(ValidationError):
    """A transition that a parallel request (another click, another reviewer) has already made."""

    def __init__(self, proposal: Proposal, action: str):
        super().__init__(
            _(
                "Đề nghị đã được %(action)s trước đó (có thể bởi người khác hoặc một lần bấm khác); "
                "trạng thái hiện tại: «%(status)s»."
            )
            % {"action": ACTION_LABELS.get(action, action), "status": proposal.get_status_display()},
            code="already_done",
        )


def _require_unless_done(actor, perm: str, proposal: Proposal, action: str) -> None:
    """`require`, except that a step already taken is said so (AlreadyDone) rather than refused."""
    if (
        actor is not None
        and not actor.has_perm(perm, proposal)
        and already_done(actor=actor, proposal=proposal, action=action)
    ):
        raise AlreadyDone(proposal, action)
    require(actor, perm, proposal)


def _transition(
    *, actor, proposal: Proposal, perm: str, method: str, action: str, comment: str = "", notify: bool = True, **kwargs
) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    _require_unless_done(actor, perm, proposal, action)
    bound = getattr(proposal, method)
    if not can_proceed(bound):
        raise ValidationError(
            _("Không thể %(action)s đề nghị đang ở trạng thái «%(status)s».")
            % {"action": ACTION_LABELS.get(action, action), "status": proposal.get_status_display()}
        )
    from_status = proposal.status
    bound(**kwargs)
    proposal.save()
    event = _event(proposal=proposal, actor=actor, action=action, from_status=from_status, comment=comment)
    record_audit(
        actor=actor,
        action=f"proposal.{action}",
        target=proposal,
        unit=proposal.proposing_unit,
        summary=f"{proposal} — {from_status} → {proposal.status}",
        data={"from": from_status, "to": proposal.status, "comment": comment[:500]},
    )
    if notify:
        _notify(event)
    # other systems of the boards over the proposing unit learn of it once this commits (issue 20 item 2)
    webhook_emit(
        event=WebhookEvent.PROPOSAL_STATUS,
        boards=boards_over(proposal.proposing_unit_id).filter(kind=UnitKind.BOARD),
        payload={
            "proposal": proposal.pk,
            "award_type": proposal.award_type.code,
            "year": proposal.year,
            "proposing_unit": proposal.proposing_unit.name,
            "from": from_status,
            "to": proposal.status,
            "action": action,
        },
    )
    return proposal


ACTION_LABELS = {
    "submit": gettext_lazy("trình"),
    "start_review": gettext_lazy("nhận thẩm định"),
    "return": gettext_lazy("trả lại"),
    "reject": gettext_lazy("không chấp thuận"),
    "approve": gettext_lazy("đồng ý"),
    "decide": gettext_lazy("ghi nhận quyết định"),
}


def missing_documents(proposal: Proposal) -> list[str]:
    """The documents the proposal's award type requires (`AwardType.required_documents`) that its dossier lacks,
    by their Vietnamese names."""
    held = set(proposal.attachments.values_list("kind", flat=True))
    return [str(AttachmentKind(kind).label) for kind in proposal.award_type.required_documents if kind not in held]


def too_early(decided_on: datetime.date, proposed_on: datetime.date) -> str:
    """The refusal of a decision dated before its proposal."""
    return _("Ngày quyết định %(decided)s trước ngày đề nghị %(proposed)s: kiểm tra lại ngày.") % {
        "decided": decided_on.strftime("%d/%m/%Y"),
        "proposed": proposed_on.strftime("%d/%m/%Y"),
    }


def deadline_for(proposal: Proposal):
    return workflow_selectors.deadline_for(
        year=proposal.year,
        kind=proposal.kind,
        award_type_id=proposal.award_type_id,
        proposing_unit_id=proposal.proposing_unit_id,
    )


@transaction.atomic
def submission_create(
    *,
    actor: User,
    proposing_unit: Unit,
    year: int,
    number: str,
    title: str,
    body: str = "",
    proposals: Iterable[Proposal],
) -> Submission:
    """The unit leader sends a batch of proposals up with a covering submission (tờ trình)."""
    require(actor, "awards.submit_for_unit", proposing_unit)
    proposals = list(proposals)
    if not proposals:
        raise ValidationError(_("Chọn ít nhất một đề nghị để trình."))
    wrong = [p for p in proposals if p.proposing_unit_id != proposing_unit.pk or p.year != year]
    if wrong:
        raise ValidationError(_("Tờ trình chỉ gồm các đề nghị của đơn vị trong cùng năm."))
    submission = Submission(
        proposing_unit=proposing_unit,
        year=year,
        number=number.strip(),
        title=title.strip(),
        body=body,
        submitted_by=actor,
    )
    submission.full_clean()
    save_unique(submission)
    record_audit(
        actor=actor,
        action="submission.create",
        target=submission,
        unit=proposing_unit,
        summary=f"{submission.number}: {len(proposals)} đề nghị",
    )
    for proposal in proposals:
        proposal_submit(actor=actor, proposal=proposal, submission=submission)
    return submission


@transaction.atomic
def proposal_submit(*, actor: User | None, proposal: Proposal, submission: Submission | None = None) -> Proposal:
    """Send the proposal up (the unit leader). A proposal failing a rule needs a written justification.
    A returned proposal goes back up with its original submission."""
    # Locked: a parallel submission of the same proposal waits here and then finds it sent.
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    _require_unless_done(actor, "awards.submit_proposal", proposal, "submit")
    refresh_unit_year(proposing_unit_id=proposal.proposing_unit_id, year=proposal.year)
    proposal.refresh_from_db()
    if proposal.eligibility_status == eligibility.FAILED and not proposal.justification.strip():
        raise ValidationError(
            {"justification": _("Đề nghị không đạt điều kiện: cần có giải trình bằng văn bản trước khi trình.")}
        )
    missing = missing_documents(proposal)
    if missing:
        raise ValidationError(
            _("Hồ sơ %(proposal)s còn thiếu: %(documents)s. Tải lên trước khi trình.")
            % {"proposal": proposal, "documents": ", ".join(missing)}
        )
    submission = submission or proposal.submission
    if submission is None:
        raise ValidationError(_("Đề nghị phải được trình kèm tờ trình."))
    Proposal.objects.filter(pk=proposal.pk).update(submission=submission)
    first_time = proposal.submitted_at is None
    proposal = _transition(
        actor=actor, proposal=proposal, perm="awards.submit_proposal", method="submit", action="submit"
    )
    if first_time:
        deadline = deadline_for(proposal)
        if deadline is not None and timezone.localdate(proposal.submitted_at) > deadline.due_date:
            proposal.is_late = True
            Proposal.objects.filter(pk=proposal.pk).update(is_late=True)
    return proposal


@transaction.atomic
def proposal_start_review(*, actor: User | None, proposal: Proposal) -> Proposal:
    proposal = _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.start_review",
        method="start_review",
        action="start_review",
        notify=False,
    )
    return refresh_eligibility(proposal)


def _need_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do.")})
    return comment


@transaction.atomic
def proposal_return(*, actor: User | None, proposal: Proposal, comment: str) -> Proposal:
    return _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.review_proposal",
        method="return_for_changes",
        action="return",
        comment=_need_comment(comment),
    )


@transaction.atomic
def proposal_reject(*, actor: User | None, proposal: Proposal, comment: str) -> Proposal:
    return _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.review_proposal",
        method="reject",
        action="reject",
        comment=_need_comment(comment),
    )


@transaction.atomic
def proposal_approve(*, actor: User | None, proposal: Proposal, comment: str = "") -> Proposal:
    return _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.review_proposal",
        method="approve",
        action="approve",
        comment=comment.strip(),
    )


def proposals_approve_bulk(*, actor: User, proposals: Iterable[Proposal]) -> tuple[list[Proposal], list[tuple]]:
    """Approve a checked set. Proposals failing a rule are left for individual review.
    Returns (approved, [(proposal, reason), ...]). Each approval is its own transaction."""
    approved, skipped = [], []
    for proposal in proposals:
        if proposal.eligibility_status == eligibility.FAILED:
            skipped.append((proposal, _("không đạt điều kiện, cần xem xét riêng")))
            continue
        try:
            approved.append(proposal_approve(actor=actor, proposal=proposal))
        except (ValidationError, PermissionDenied) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            skipped.append((proposal, message))
    return approved, skipped


@transaction.atomic
def proposal_decide(
    *, actor: User | None, proposal: Proposal, number: str, date: datetime.date | None, authority: str = ""
) -> Proposal:
    """Record the award decision: the proposal is decided and the award enters the nominee's history."""
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Cần nhập số quyết định.")})
    authority = (authority or "").strip() or proposal.award_type.authority
    proposed_on = Proposal.objects.values_list("proposal_date", flat=True).get(pk=proposal.pk)
    if date is not None and date < proposed_on:
        raise ValidationError({"date": too_early(date, proposed_on)})
    proposal = _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.decide_proposal",
        method="decide",
        action="decide",
        comment=_("Quyết định số %(n)s") % {"n": number},
        number=number,
        date=date,
        authority=authority,
    )
    # With a date, through a one-proposal Decision of the board: the record takes the board's next register number.
    record = None
    if date is not None:
        record = record_single_decision(
            actor=actor, proposal=proposal, number=number, date=date, authority_text=authority
        )
    if record is None:
        record = AwardRecord.for_proposal(proposal, number=number, date=date, authority=authority)
        record.full_clean()
        record.save()
    record_audit(
        actor=actor, action="award_record.create", target=record, unit=proposal.proposing_unit, summary=str(record)
    )
    return proposal


@transaction.atomic
def proposal_comment(*, actor: User, proposal: Proposal, comment: str) -> ProposalEvent:
    proposal = Proposal.objects.select_related("proposing_unit").get(pk=proposal.pk)
    require(actor, "awards.comment_proposal", proposal)
    event = _event(
        proposal=proposal, actor=actor, action="comment", from_status=proposal.status, comment=_need_comment(comment)
    )
    record_audit(
        actor=actor, action="proposal.comment", target=proposal, unit=proposal.proposing_unit, summary=comment[:200]
    )
    _notify(event)
    return event
