"""Writes of the review inside a board (issue 18 item 2): configure the steps, the positions, the routing
table; declare relations; receive, return, assign, conclude, approve and send back a dossier; remind the
holders of dossiers nearly or over due.

Keyword-only, each in one transaction, each leaving an audit row. Each step's action names the step it was
taken on (`step=`): a second click, or a colleague who acted first, finds the dossier moved on and is told so.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from clusters.concurrency import claim_version, save_unique
from clusters.models import Role, Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..models import (
    DeclaredRelation,
    Position,
    Proposal,
    ProposalReview,
    ReviewConfig,
    ReviewHolding,
    ReviewStep,
    RoutingRule,
    StaffPosition,
    Verdict,
)
from ..selectors import review as selectors
from .proposals import refresh_eligibility
from .workflow import _transition, missing_documents

logger = logging.getLogger(__name__)


# --- Configuration -----------------------------------------------------------------------------------------
@transaction.atomic
def review_config_save(
    *,
    actor: User | None,
    board: Unit,
    enabled: bool,
    uses_clerk: bool = True,
    uses_head: bool = True,
    uses_leader: bool = True,
    intake_days: int = 2,
    assessment_days: int = 7,
    head_days: int = 3,
    leader_days: int = 3,
    version=None,
) -> ReviewConfig:
    require(actor, "awards.configure_review", board)
    config = ReviewConfig.objects.select_for_update().filter(board=board).first()
    if config is not None and version is not None:
        claim_version(config, version)
        config.refresh_from_db()
    config = config or ReviewConfig(board=board)
    fields = {
        "enabled": enabled,
        "uses_clerk": uses_clerk,
        "uses_head": uses_head,
        "uses_leader": uses_leader,
        "intake_days": intake_days,
        "assessment_days": assessment_days,
        "head_days": head_days,
        "leader_days": leader_days,
    }
    for name, value in fields.items():
        setattr(config, name, value)
    if enabled:
        _require_staff(board, config)
    config.full_clean()
    save_unique(config)
    record_audit(
        actor=actor,
        action="review_config.save",
        target=config,
        unit=board,
        summary=", ".join(f"{k}={v}" for k, v in fields.items()),
    )
    return config


def _require_staff(board: Unit, config: ReviewConfig) -> None:
    """A board turns its steps on once each step it uses has someone: no dossier waits for nobody."""
    needed = [config.intake_position, Position.SPECIALIST]
    needed += [Position.HEAD] if config.uses_head else []
    needed += [Position.LEADER] if config.uses_leader else []
    held = set(StaffPosition.objects.filter(board=board, user__is_active=True).values_list("position", flat=True))
    missing = [str(Position(p).label) for p in dict.fromkeys(needed) if p not in held]
    if missing:
        raise ValidationError(
            {"enabled": _("Giao các vị trí trước khi thẩm định theo các bước: %(p)s.") % {"p": ", ".join(missing)}}
        )


@transaction.atomic
def position_add(*, actor: User | None, board: Unit, user: User, position: str) -> StaffPosition:
    require(actor, "awards.configure_review", board)
    if user.role != Role.REVIEWER or user.unit_id != board.pk or not user.is_active:
        raise ValidationError({"user": _("Chỉ giao vị trí cho cán bộ thẩm định của chính Ban.")})
    staff = StaffPosition(board=board, user=user, position=position)
    staff.full_clean(validate_constraints=False)
    save_unique(staff)
    record_audit(actor=actor, action="review_position.add", target=staff, unit=board, summary=str(staff))
    return staff


@transaction.atomic
def position_remove(*, actor: User | None, position: StaffPosition) -> None:
    require(actor, "awards.configure_review", position.board)
    record_audit(
        actor=actor, action="review_position.remove", target=position, unit=position.board, summary=str(position)
    )
    position.delete()


@transaction.atomic
def routing_rule_add(
    *, actor: User | None, board: Unit, specialist: User, award_type=None, award_level: str = "", area_unit=None
) -> RoutingRule:
    require(actor, "awards.configure_review", board)
    if not StaffPosition.objects.filter(board=board, user=specialist, position=Position.SPECIALIST).exists():
        raise ValidationError({"specialist": _("Người được phân công phải là chuyên viên của Ban.")})
    rule = RoutingRule(
        board=board, specialist=specialist, award_type=award_type, award_level=award_level or "", area_unit=area_unit
    )
    rule.full_clean()
    rule.save()
    record_audit(actor=actor, action="review_route.add", target=rule, unit=board, summary=str(rule))
    return rule


@transaction.atomic
def routing_rule_remove(*, actor: User | None, rule: RoutingRule) -> None:
    require(actor, "awards.configure_review", rule.board)
    record_audit(actor=actor, action="review_route.remove", target=rule, unit=rule.board, summary=str(rule))
    rule.delete()


@transaction.atomic
def relation_declare(*, actor: User, unit: Unit, note: str) -> DeclaredRelation:
    """The reviewer declares a relation with a unit: they will not be given its dossiers."""
    require(actor, "awards.declare_relation")
    relation = DeclaredRelation(user=actor, unit=unit, note=(note or "").strip())
    relation.full_clean(validate_constraints=False)
    save_unique(relation)
    record_audit(actor=actor, action="declared_relation.add", target=relation, unit=unit, summary=relation.note)
    return relation


@transaction.atomic
def relation_withdraw(*, actor: User, relation: DeclaredRelation) -> None:
    if relation.user_id != actor.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    record_audit(
        actor=actor, action="declared_relation.remove", target=relation, unit=relation.unit, summary=relation.note
    )
    relation.delete()


# --- The steps ---------------------------------------------------------------------------------------------
def _locked(proposal: Proposal) -> tuple[Proposal, ProposalReview | None]:
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    review = ProposalReview.objects.select_for_update().filter(proposal=proposal).first()
    proposal._review_state = review  # what the permission checks read (`awards.rules._review`)
    return proposal, review


def _expect(review: ProposalReview | None, step: str | None) -> None:
    """The action was taken on the page of `step`; the dossier has moved on since (a second click, a
    colleague): say so."""
    current = review.step if review is not None else None
    if step is not None and current != step and not (step == ReviewStep.INTAKE and current in (None, "done")):
        label = ReviewStep(current).label if current else _("chờ tiếp nhận")
        raise ValidationError(
            _("Hồ sơ đã được xử lý ở bước này (có thể bởi người khác hoặc một lần bấm khác); bước hiện tại: «%(s)s».")
            % {"s": label},
            code="already_done",
        )


def _require_step(actor, perm: str, proposal: Proposal, review, step: str | None) -> None:
    if actor is not None and not actor.has_perm(perm, proposal):
        _expect(review, step)
    require(actor, perm, proposal)


def _due(config: ReviewConfig, step: str, start: datetime.datetime) -> datetime.date | None:
    days = config.days_for(step)
    return timezone.localdate(start) + datetime.timedelta(days=days) if days else None


def _move(
    *,
    review: ProposalReview,
    config: ReviewConfig | None,
    step: str,
    holder: User | None,
    outcome: str,
    comment: str = "",
    actor: User | None = None,
) -> ProposalReview:
    """Close the open stretch of the timeline with `outcome` and open the next one (none when done); the new
    holder hears of it by e-mail, unless they handed it to themselves."""
    now = timezone.now()
    ReviewHolding.objects.filter(proposal_id=review.proposal_id, ended_at__isnull=True).update(
        ended_at=now, outcome=outcome, comment=comment[:5000]
    )
    review.step = step
    review.holder = holder if step != ReviewStep.DONE else None
    review.step_started_at = now
    review.due_on = _due(config, step, now) if config is not None and step != ReviewStep.DONE else None
    review.reminded_on = None
    if step != ReviewStep.DONE:
        holding = ReviewHolding.objects.create(proposal_id=review.proposal_id, step=step, holder=holder, started_at=now)
        if holder is not None and (actor is None or holder.pk != actor.pk):
            _tell_holder(holding.pk)
    return review


def _tell_holder(holding_id: int) -> None:
    """E-mail the new holder once the handover is committed (Celery; in-process if the queue is down)."""
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks import notify_review_holder

    def send() -> None:
        try:
            notify_review_holder.apply_async(args=[holding_id], retry=False)
        except (BrokerError, ConnectionError, OSError) as error:
            logger.warning("Queue unavailable (%s): notifying review holding %s in-process", error, holding_id)
            try:
                notify_review_holder.run(holding_id)
            except Exception:  # the step is saved; a failed e-mail must not turn it into an error page
                logger.exception("Could not notify review holding %s", holding_id)

    transaction.on_commit(send)


def _save(review: ProposalReview) -> None:
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        if "review_recusal" in str(error):
            raise ValidationError(
                _("Chuyên viên này không được xử lý hồ sơ của đơn vị mình hoặc có quan hệ.")
            ) from error
        raise


def _audit(actor, proposal: Proposal, action: str, summary: str, **data) -> None:
    record_audit(
        actor=actor,
        action=f"proposal_review.{action}",
        target=proposal,
        unit=proposal.proposing_unit,
        summary=f"{proposal} — {summary}",
        data=data or None,
    )


@transaction.atomic
def review_receive(*, actor: User, proposal: Proposal, step: str | None = ReviewStep.INTAKE) -> ProposalReview:
    """The intake receives a dossier sent up: its completeness is checked (the award type's required
    documents), the proposal goes under review, the dossier is in the intake's hands until assigned."""
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.intake_dossier", proposal, review, step)
    missing = missing_documents(proposal)
    if missing:
        raise ValidationError(
            _("Hồ sơ còn thiếu: %(documents)s. Trả lại đơn vị để bổ sung.") % {"documents": ", ".join(missing)}
        )
    config = selectors.config_of(actor.unit_id)
    proposal = _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.intake_dossier",
        method="start_review",
        action="start_review",
        notify=False,
    )
    now = timezone.now()
    if review is None:
        review = ProposalReview(proposal=proposal, board_id=actor.unit_id, step_started_at=now)
    review.board_id = actor.unit_id
    review.specialist = None
    review.verdict = ""
    review.verdict_reasons = []
    review.verdict_note = ""
    _move(review=review, config=config, step=ReviewStep.INTAKE, holder=actor, outcome="received", actor=actor)
    _save(review)
    _audit(actor, proposal, "receive", _("tiếp nhận hồ sơ"))
    refresh_eligibility(proposal)
    return review


@transaction.atomic
def review_return_to_unit(
    *, actor: User, proposal: Proposal, comment: str, step: str | None = ReviewStep.INTAKE
) -> Proposal:
    """The intake returns an incomplete (or misdirected) dossier to its unit, with the reason."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do.")})
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.intake_dossier", proposal, review, step)
    proposal = _transition(
        actor=actor,
        proposal=proposal,
        perm="awards.intake_dossier",
        method="return_for_changes",
        action="return",
        comment=comment,
    )
    if review is not None and review.step != ReviewStep.DONE:
        _move(review=review, config=None, step=ReviewStep.DONE, holder=None, outcome="returned", comment=comment)
        _save(review)
    _audit(actor, proposal, "return", comment[:200])
    return proposal


@transaction.atomic
def review_assign(
    *, actor: User, proposal: Proposal, specialist: User | None = None, step: str | None = ReviewStep.INTAKE
) -> ProposalReview:
    """Give the dossier to a specialist: the one chosen, or the one the routing table gives. Never to a
    specialist of one of the dossier's units or with a declared relation with one (recusal)."""
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.assign_dossier", proposal, review, step)
    if step is not None:
        _expect(review, step)
    board_id = review.board_id
    if specialist is None:
        specialist = selectors.routed_specialist(board_id, proposal)
        if specialist is None:
            raise ValidationError(
                {"specialist": _("Bảng phân công theo lĩnh vực không có chuyên viên cho hồ sơ này: chọn người.")}
            )
    if not selectors.holders(board_id, Position.SPECIALIST).filter(pk=specialist.pk).exists():
        raise ValidationError({"specialist": _("Người được phân công phải là chuyên viên của Ban.")})
    reason = selectors.recusal_reason(specialist, proposal)
    if reason:
        raise ValidationError({"specialist": _("Không phân công được: %(reason)s") % {"reason": reason}})
    config = selectors.config_of(board_id)
    review.specialist = specialist
    _move(
        review=review,
        config=config,
        step=ReviewStep.ASSESSMENT,
        holder=specialist,
        outcome="assigned",
        comment=specialist.display_name(),
        actor=actor,
    )
    _save(review)
    _audit(actor, proposal, "assign", specialist.display_name(), specialist=specialist.pk)
    return review


def _next_step(config: ReviewConfig | None, step: str) -> str:
    steps = config.steps if config is not None else [ReviewStep.INTAKE, ReviewStep.ASSESSMENT]
    index = steps.index(step) if step in steps else len(steps) - 1
    return steps[index + 1] if index + 1 < len(steps) else ReviewStep.DONE


def _holder_for(board_id: int, step: str) -> User | None:
    """The one holder of the step's position, if the board has exactly one (else the step's inbox holds it)."""
    position = selectors.POSITION_OF_STEP.get(step)
    if position is None:
        return None
    people = list(selectors.holders(board_id, position)[:2])
    return people[0] if len(people) == 1 else None


def _conclude(*, actor: User, proposal: Proposal, review: ProposalReview, perm: str, comment: str) -> Proposal:
    """The last step: the board's conclusion. A dossier that meets the conditions is approved (the decision
    follows as before); one that does not is not accepted, with the specialist's reasons."""
    if review.verdict == Verdict.MEETS:
        return _transition(
            actor=actor, proposal=proposal, perm=perm, method="approve", action="approve", comment=comment
        )
    reasons = "; ".join(f"{r.get('text', '')}: {r['reason']}" for r in review.verdict_reasons if r.get("reason"))
    text = "\n".join(part for part in [review.verdict_note, reasons, comment] if part)
    return _transition(actor=actor, proposal=proposal, perm=perm, method="reject", action="reject", comment=text[:5000])


def _advance(*, actor: User, proposal: Proposal, review: ProposalReview, perm: str, outcome: str, comment: str):
    config = selectors.config_of(review.board_id)
    following = _next_step(config, review.step)
    if following == ReviewStep.DONE:
        _conclude(actor=actor, proposal=proposal, review=review, perm=perm, comment=comment)
    holder = _holder_for(review.board_id, following)
    _move(review=review, config=config, step=following, holder=holder, outcome=outcome, comment=comment, actor=actor)
    _save(review)
    return review


@transaction.atomic
def review_verdict(
    *,
    actor: User,
    proposal: Proposal,
    verdict: str,
    reasons: dict[str, str] | None = None,
    note: str = "",
    step: str | None = ReviewStep.ASSESSMENT,
) -> ProposalReview:
    """The specialist's conclusion: meets or does not meet the conditions, with a reason per eligibility rule
    (the rule verdicts of `awards.eligibility` are kept beside them). A dossier that does not meet needs a
    reason. It goes on to the head (or the leader); on a board with neither, this is the board's conclusion."""
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.record_verdict", proposal, review, step)
    reason = selectors.recusal_reason(actor, proposal)
    if reason:  # a relation declared after the assignment
        raise ValidationError(_("Không được thẩm định hồ sơ này: %(reason)s") % {"reason": reason})
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Chọn kết luận.")})
    reasons = {code: (text or "").strip() for code, text in (reasons or {}).items()}
    note = (note or "").strip()
    rows = [
        {
            "code": rule.get("check", ""),
            "article": rule.get("article", ""),
            "text": rule.get("description", ""),
            "status": rule.get("status", ""),
            "facts": rule.get("facts", ""),
            "reason": reasons.get(rule.get("check", ""), "")[:1000],
        }
        for rule in proposal.eligibility or []
    ]
    if verdict == Verdict.FAILS and not note and not any(r["reason"] for r in rows):
        raise ValidationError({"note": _("Kết luận không đủ điều kiện cần nêu lý do (theo điều kiện hoặc ý kiến).")})
    review.verdict = verdict
    review.verdict_reasons = rows
    review.verdict_note = note
    _advance(
        actor=actor,
        proposal=proposal,
        review=review,
        perm="awards.record_verdict",
        outcome=f"verdict_{verdict}",
        comment=note,
    )
    _audit(actor, proposal, "verdict", Verdict(verdict).label, verdict=verdict)
    return review


@transaction.atomic
def review_approve(*, actor: User, proposal: Proposal, step: str, comment: str = "") -> ProposalReview:
    """The head passes the dossier up to the leader; the leader's approval is the board's conclusion."""
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.approve_step", proposal, review, step)
    _expect(review, step)
    comment = (comment or "").strip()
    _advance(
        actor=actor, proposal=proposal, review=review, perm="awards.approve_step", outcome="approved", comment=comment
    )
    _audit(actor, proposal, "approve", ReviewStep(step).label)
    return review


@transaction.atomic
def review_send_back(*, actor: User, proposal: Proposal, step: str, comment: str) -> ProposalReview:
    """The head or the leader sends the dossier back one step (the leader to the head, or to the specialist on
    a board without a head), with the reason."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do.")})
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.approve_step", proposal, review, step)
    _expect(review, step)
    config = selectors.config_of(review.board_id)
    steps = config.steps if config is not None else []
    previous = steps[steps.index(step) - 1] if step in steps and steps.index(step) > 1 else ReviewStep.ASSESSMENT
    if previous == ReviewStep.ASSESSMENT:
        holder = review.specialist
        review.verdict = ""
    else:
        holder = _holder_for(review.board_id, previous)
    _move(review=review, config=config, step=previous, holder=holder, outcome="sent_back", comment=comment, actor=actor)
    _save(review)
    _audit(actor, proposal, "send_back", comment[:200])
    return review


@transaction.atomic
def review_take(*, actor: User, proposal: Proposal, step: str) -> ProposalReview:
    """A head or leader takes a dossier waiting in the step's inbox (a board with several of them)."""
    proposal, review = _locked(proposal)
    _require_step(actor, "awards.approve_step", proposal, review, step)
    _expect(review, step)
    if review.holder_id != actor.pk:
        now = timezone.now()
        ReviewHolding.objects.filter(proposal_id=proposal.pk, ended_at__isnull=True).update(
            ended_at=now, outcome="taken"
        )
        ReviewHolding.objects.create(proposal_id=proposal.pk, step=step, holder=actor, started_at=now)
        review.holder = actor
        _save(review)
        _audit(actor, proposal, "take", ReviewStep(step).label)
    return review


# --- Reminders ---------------------------------------------------------------------------------------------
def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each holder of a dossier due tomorrow or overdue, once a day (Celery beat,
    `awards.tasks.remind_review_deadlines`). Returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    by_holder: dict[int, list[ProposalReview]] = {}
    people: dict[int, User] = {}
    for review in selectors.overdue(today):
        position = selectors.POSITION_OF_STEP.get(review.step)
        if review.holder is not None:
            holders_ = [review.holder]
        elif position is not None:  # waiting in the step's inbox: everyone who holds the position
            holders_ = list(selectors.holders(review.board_id, position))
        else:
            holders_ = []
        for holder in holders_:
            people[holder.pk] = holder
            by_holder.setdefault(holder.pk, []).append(review)
    for holder_id, reviews in by_holder.items():
        holder = people[holder_id]
        if not holder.email or not holder.is_active:
            continue
        with override(settings.LANGUAGE_CODE):
            lines = [
                _("%(award)s — %(nominee)s (%(unit)s): %(step)s, hạn %(due)s%(late)s.")
                % {
                    "award": r.proposal.award_type.name,
                    "nominee": r.proposal.nominee_name,
                    "unit": r.proposal.proposing_unit.name,
                    "step": ReviewStep(r.step).label,
                    "due": r.due_on.strftime("%d/%m/%Y"),
                    "late": _(" (quá hạn)") if r.due_on < today else "",
                }
                for r in reviews
            ]
            subject = _("[Thi đua] %(n)s hồ sơ thẩm định sắp đến hạn hoặc quá hạn") % {"n": len(reviews)}
        try:
            send_mail(subject, "\n".join(lines), None, [holder.email])
        except OSError:
            logger.exception("Could not remind %s", holder.pk)
            continue
        with transaction.atomic():
            ProposalReview.objects.filter(pk__in=[r.pk for r in reviews]).update(reminded_on=today)
            record_audit(
                actor=None,
                action="proposal_review.remind",
                target=holder,
                unit=holder.unit,
                summary=f"{len(reviews)}",
            )
        sent += 1
    return sent
