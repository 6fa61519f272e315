"""Writes for awards: catalogue, award records, proposals and their review workflow.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed
from kombu.exceptions import OperationalError as BrokerError

from clusters.models import EmulationGroup, Person, Unit, User
from clusters.services import record_audit, record_audits

from . import catalogue, eligibility, selectors
from .models import (
    AttachmentKind,
    AwardRecord,
    AwardType,
    EligibilityRule,
    ExportStatus,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalKind,
    ProposalStatus,
    RecordExport,
    RuleSet,
    Submission,
)

logger = logging.getLogger(__name__)


# --- Catalogue -------------------------------------------------------------------------------------
@transaction.atomic
def ensure_catalogue(*, actor: User | None = None) -> dict[str, AwardType]:
    """Create the titles, forms, rule sets and rules of the law if missing. Existing rows are left
    as the admins edited them. Returns the award types by code."""
    types = {}
    created = 0
    for code, name, target, kind, level, authority, rank, basis, bonus, certificate in catalogue.AWARD_TYPES:
        award_type, was_created = AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "target": target,
                "kind": kind,
                "level": level,
                "authority": authority,
                "rank": rank,
                "legal_basis": basis,
                "effective_from": catalogue.LAW_START,
                "bonus_coefficient": bonus,
                "has_certificate": certificate,
            },
        )
        types[code] = award_type
        created += was_created
    rule_sets = {}
    for data in catalogue.RULE_SETS:
        rule_set, was_created = RuleSet.objects.get_or_create(code=data["code"], defaults=data)
        rule_sets[data["code"]] = rule_set
        created += was_created
    for order, (set_code, award_code, check, params, article, description, applies_to, unconfirmed) in enumerate(
        catalogue.RULES
    ):
        _rule, was_created = EligibilityRule.objects.get_or_create(
            rule_set=rule_sets[set_code],
            award_type=types[award_code],
            check_code=check,
            applies_to=applies_to,
            defaults={
                "params": params,
                "article": article,
                "description": description,
                "unconfirmed": unconfirmed,
                "order": order,
            },
        )
        created += was_created
    if created:
        record_audit(
            actor=actor,
            action="awards.catalogue_loaded",
            target=next(iter(types.values())),
            summary=_("Nạp danh mục danh hiệu, hình thức khen thưởng: %(n)s bản ghi mới") % {"n": created},
        )
    return types


# --- Proposals -------------------------------------------------------------------------------------
def _event(*, proposal: Proposal, actor, action: str, from_status: str = "", comment: str = "") -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal,
        action=action,
        from_status=from_status,
        to_status=proposal.status,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )


def _check_nominee(*, award_type: AwardType, nominee_unit: Unit | None, nominee_person: Person | None) -> None:
    if (nominee_unit is None) == (nominee_person is None):
        raise ValidationError(_("Phải chọn đúng một đối tượng: một tập thể hoặc một cá nhân."))
    if nominee_unit is not None and not award_type.accepts_unit():
        raise ValidationError({"nominee_unit": _("%(award)s chỉ xét tặng cho cá nhân.") % {"award": award_type.name}})
    if nominee_person is not None and not award_type.accepts_person():
        raise ValidationError({"nominee_person": _("%(award)s chỉ xét tặng cho tập thể.") % {"award": award_type.name}})


@transaction.atomic
def proposal_create(
    *,
    actor: User | None,
    proposing_unit: Unit,
    award_type_code: str,
    year: int,
    kind: str = ProposalKind.ANNUAL,
    nominee_unit: Unit | None = None,
    nominee_person: Person | None = None,
    source_group: EmulationGroup | None = None,
    achievements: str = "",
    **fields,
) -> Proposal:
    """A draft proposal. Raises ValidationError (in Vietnamese) when the nominee does not fit the award
    or the nominee already has a live proposal for this award, year and kind."""
    try:
        award_type = AwardType.objects.get(code=award_type_code)
    except AwardType.DoesNotExist:
        raise ValidationError(
            {"award_type": _("Không có danh hiệu, hình thức khen thưởng mã %(code)s.") % {"code": award_type_code}}
        ) from None
    _check_nominee(award_type=award_type, nominee_unit=nominee_unit, nominee_person=nominee_person)
    proposal = Proposal(
        proposing_unit=proposing_unit,
        award_type=award_type,
        year=year,
        kind=kind,
        nominee_unit=nominee_unit,
        nominee_person=nominee_person,
        source_group=source_group,
        achievements=achievements,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    proposal.full_clean(exclude=["status"])
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as error:
        raise ValidationError(_("Đối tượng này đã được đề nghị danh hiệu, hình thức này trong năm.")) from error
    _event(proposal=proposal, actor=actor, action="create")
    record_audit(
        actor=actor,
        action="proposal.create",
        target=proposal,
        unit=proposing_unit,
        summary=f"{award_type.name} {year} — {proposal.nominee_name}",
        data={"award_type": award_type.code, "year": year, "kind": kind, "status": ProposalStatus.DRAFT},
    )
    return refresh_eligibility(proposal)


#: Fields of a proposal its unit may edit while it is a draft or returned.
EDITABLE_FIELDS = {
    "achievements",
    "justification",
    "initiative_level",
    "initiative",
    "discipline_free",
    "council_members",
    "council_votes_for",
    "proposal_date",
    "kind",
    "source_group",
}


def _require(actor, perm: str, obj) -> None:
    """Services check the same permission as the views, so no caller can skip it.
    `actor=None` is the system (a Celery task, a data import)."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _notify(event: ProposalEvent) -> None:
    """E-mail the people concerned through Celery once the change is committed. If the queue is down the
    e-mail is sent in-process instead: the workflow goes on and nobody misses the news."""
    from .tasks import notify_proposal_event

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


# --- Eligibility ------------------------------------------------------------------------------------
def evaluate(proposal: Proposal) -> tuple[RuleSet | None, list[dict], str]:
    """Evaluate `proposal` against the rule set in force on its date. Does not save."""
    rule_set = selectors.rule_set_on(proposal.proposal_date)
    if rule_set is None:
        result = [
            {
                "check": "rule_set",
                "article": "—",
                "description": _("Bộ quy định áp dụng"),
                "unconfirmed": False,
                "status": eligibility.UNKNOWN,
                "facts": _("Không có bộ quy định nào có hiệu lực vào ngày %(day)s.")
                % {"day": proposal.proposal_date.strftime("%d/%m/%Y")},
            }
        ]
        return None, result, eligibility.UNKNOWN
    specs = [
        eligibility.RuleSpec(r.check_code, r.params, r.article, r.description, r.applies_to, r.unconfirmed)
        for r in EligibilityRule.objects.filter(rule_set=rule_set, award_type_id=proposal.award_type_id).order_by(
            "order", "id"
        )
    ]
    results = eligibility.evaluate(specs, selectors.eligibility_facts(proposal))
    return rule_set, results, eligibility.overall(results)


def refresh_eligibility(proposal: Proposal) -> Proposal:
    rule_set, results, status = evaluate(proposal)
    if (proposal.eligibility, proposal.eligibility_status, proposal.rule_set_id) != (
        results,
        status,
        rule_set.pk if rule_set else None,
    ):
        proposal.eligibility = results
        proposal.eligibility_status = status
        proposal.rule_set = rule_set
        Proposal.objects.filter(pk=proposal.pk).update(
            eligibility=results, eligibility_status=status, rule_set=rule_set
        )
    return proposal


def refresh_unit_year(*, proposing_unit_id: int, year: int) -> None:
    """Caps and quotas depend on the whole batch: re-evaluate the unit's live proposals for the year."""
    for proposal in selectors.live_proposals(proposing_unit_id=proposing_unit_id, year=year):
        refresh_eligibility(proposal)


@transaction.atomic
def proposal_update(*, actor: User | None, proposal: Proposal, **fields) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    _require(actor, "awards.change_proposal", proposal)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    changed = {}
    for name, value in fields.items():
        old = getattr(proposal, name)
        if old != value:
            changed[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(proposal, name, value)
    if changed:
        proposal.full_clean(exclude=["status"])
        proposal.save()
        _event(proposal=proposal, actor=actor, action="update", from_status=proposal.status)
        record_audit(
            actor=actor,
            action="proposal.update",
            target=proposal,
            unit=proposal.proposing_unit,
            data=changed,
            summary=str(proposal),
        )
    refresh_eligibility(proposal)
    return proposal


# --- Workflow ---------------------------------------------------------------------------------------
def _transition(
    *, actor, proposal: Proposal, perm: str, method: str, action: str, comment: str = "", notify: bool = True, **kwargs
) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    _require(actor, perm, proposal)
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
    return proposal


ACTION_LABELS = {
    "submit": gettext_lazy("trình"),
    "start_review": gettext_lazy("nhận thẩm định"),
    "return": gettext_lazy("trả lại"),
    "reject": gettext_lazy("không chấp thuận"),
    "approve": gettext_lazy("đồng ý"),
    "decide": gettext_lazy("ghi nhận quyết định"),
}


def deadline_for(proposal: Proposal):
    return selectors.deadline_for(year=proposal.year, kind=proposal.kind, award_type_id=proposal.award_type_id)


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
    _require(actor, "awards.submit_for_unit", proposing_unit)
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
    submission.save()
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
    proposal = Proposal.objects.select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    _require(actor, "awards.submit_proposal", proposal)
    refresh_unit_year(proposing_unit_id=proposal.proposing_unit_id, year=proposal.year)
    proposal.refresh_from_db()
    if proposal.eligibility_status == eligibility.FAILED and not proposal.justification.strip():
        raise ValidationError(
            {"justification": _("Đề nghị không đạt điều kiện: cần có giải trình bằng văn bản trước khi trình.")}
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
    record = AwardRecord(
        nominee_unit=proposal.nominee_unit,
        nominee_person=proposal.nominee_person,
        award_type=proposal.award_type,
        year=proposal.year,
        decision_number=number,
        decision_date=date,
        decision_authority=authority,
        proposal=proposal,
    )
    record.full_clean()
    record.save()
    record_audit(
        actor=actor, action="award_record.create", target=record, unit=proposal.proposing_unit, summary=str(record)
    )
    return proposal


@transaction.atomic
def proposal_comment(*, actor: User, proposal: Proposal, comment: str) -> ProposalEvent:
    proposal = Proposal.objects.select_related("proposing_unit").get(pk=proposal.pk)
    _require(actor, "awards.comment_proposal", proposal)
    event = _event(
        proposal=proposal, actor=actor, action="comment", from_status=proposal.status, comment=_need_comment(comment)
    )
    record_audit(
        actor=actor, action="proposal.comment", target=proposal, unit=proposal.proposing_unit, summary=comment[:200]
    )
    _notify(event)
    return event


# --- Attachments ------------------------------------------------------------------------------------------
#: Extension -> the content type we serve it with (never text/html).
ALLOWED_ATTACHMENTS = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
#: What each accepted type's file starts with: a page renamed to .pdf is refused, not stored.
ATTACHMENT_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_upload(uploaded) -> str:
    """Size and type limits. Returns the safe content type decided from the extension."""
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": round(uploaded.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    extension = Path(uploaded.name).suffix.lower()
    if extension not in ALLOWED_ATTACHMENTS:
        raise ValidationError(
            _("Chỉ nhận tệp %(types)s.") % {"types": ", ".join(sorted(e.lstrip(".") for e in ALLOWED_ATTACHMENTS))}
        )
    if not uploaded.size:
        raise ValidationError(_("Tệp rỗng."))
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not head.startswith(ATTACHMENT_MAGIC[extension]):
        raise ValidationError(_("Nội dung tệp không khớp với loại tệp %(ext)s.") % {"ext": extension})
    return ALLOWED_ATTACHMENTS[extension]


@transaction.atomic
def attachment_add(*, actor: User, proposal: Proposal, kind: str, uploaded) -> ProposalAttachment:
    proposal = Proposal.objects.select_related("proposing_unit").get(pk=proposal.pk)
    _require(actor, "awards.change_proposal", proposal)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    content_type = validate_upload(uploaded)
    name = Path(uploaded.name).name[:200]
    attachment = ProposalAttachment(
        proposal=proposal,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"{proposal.pk}{Path(name).suffix.lower()}", uploaded, save=False)
    attachment.save()
    _event(
        proposal=proposal,
        actor=actor,
        action="attach",
        from_status=proposal.status,
        comment=f"{attachment.get_kind_display()}: {name}",
    )
    record_audit(actor=actor, action="proposal.attach", target=proposal, unit=proposal.proposing_unit, summary=name)
    return attachment


def safe_content_type(name: str) -> str:
    """The content type an attachment is served with: from our own list, never guessed from the file."""
    return ALLOWED_ATTACHMENTS.get(Path(name).suffix.lower(), "application/octet-stream")


# --- Award records ----------------------------------------------------------------------------------------
@transaction.atomic
def award_record_create(*, actor: User | None, **fields) -> AwardRecord:
    record = AwardRecord(**fields)
    record.full_clean()
    record.save()
    unit = record.nominee_unit or record.nominee_person.unit
    record_audit(actor=actor, action="award_record.create", target=record, unit=unit, summary=str(record))
    _decide_matching_proposal(actor=actor, record=record)
    return record


def _decide_matching_proposal(*, actor, record: AwardRecord, proposal: Proposal | None = None) -> None:
    """An imported or entered decision closes the approved proposal it answers (`proposal`, when the caller
    found it already)."""
    if proposal is None:
        proposal = (
            Proposal.objects.filter(
                status=ProposalStatus.APPROVED,
                award_type_id=record.award_type_id,
                year=record.year,
                nominee_unit_id=record.nominee_unit_id,
                nominee_person_id=record.nominee_person_id,
            )
            .order_by("pk")
            .first()
        )
    if proposal is None:
        return
    from_status = proposal.status
    proposal.decide(number=record.decision_number, date=record.decision_date, authority=record.decision_authority)
    proposal.save()
    AwardRecord.objects.filter(pk=record.pk).update(proposal=proposal)
    record.proposal = proposal
    event = _event(
        proposal=proposal,
        actor=actor,
        action="decide",
        from_status=from_status,
        comment=_("Quyết định số %(n)s (nhập từ danh sách khen thưởng)") % {"n": record.decision_number},
    )
    record_audit(
        actor=actor,
        action="proposal.decide",
        target=proposal,
        unit=proposal.proposing_unit,
        summary=str(proposal),
        data={"from": from_status, "to": proposal.status, "record": record.pk},
    )
    _notify(event)


def _nominee_key(obj) -> tuple:
    return (obj.award_type_id, obj.year, obj.nominee_unit_id, obj.nominee_person_id)


@transaction.atomic
def award_records_import(*, actor: User | None, rows: list[dict]) -> list[AwardRecord]:
    """Save rows validated by `awards.imports.parse_workbook` (all or nothing), in bulk: the records in
    batches of 1,000, their audit rows in one INSERT, and the approved proposals they answer looked up in one
    query (5,000 rows: ~84 s one by one, a few seconds so). A row that became a duplicate since the preview
    (someone else imported it meanwhile) is refused by the database's constraints and nothing is saved."""
    _require(actor, "awards.manage_records", None)
    records = [
        AwardRecord(
            nominee_unit_id=row.get("nominee_unit_id"),
            nominee_person_id=row.get("nominee_person_id"),
            award_type_id=row["award_type_id"],
            year=row["year"],
            decision_number=row["decision_number"],
            decision_date=datetime.date.fromisoformat(row["decision_date"]) if row.get("decision_date") else None,
            decision_authority=row.get("decision_authority", ""),
            note=row.get("note", ""),
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            AwardRecord.objects.bulk_create(records, batch_size=1000)
    except IntegrityError:
        raise ValidationError(
            _("Có khen thưởng trong tệp vừa được nhập vào hệ thống sau khi kiểm tra. Hãy tải tệp lên lại để kiểm tra.")
        ) from None
    types = AwardType.objects.only("name").in_bulk({r.award_type_id for r in records})
    people = Person.objects.only("full_name", "unit_id").in_bulk({r.nominee_person_id for r in records} - {None})
    units = Unit.objects.only("name").in_bulk({r.nominee_unit_id for r in records} - {None})

    def entry(record: AwardRecord) -> tuple:
        if record.nominee_unit_id:
            unit_id, nominee = record.nominee_unit_id, units[record.nominee_unit_id].name
        else:
            person = people[record.nominee_person_id]
            unit_id, nominee = person.unit_id, person.full_name
        return record, unit_id, f"{types[record.award_type_id].name} {record.year} — {nominee}"

    record_audits(actor=actor, action="award_record.create", entries=(entry(record) for record in records))
    approved = Proposal.objects.filter(
        status=ProposalStatus.APPROVED,
        award_type_id__in={r.award_type_id for r in records},
        year__in={r.year for r in records},
    ).order_by("pk")
    answered: dict[tuple, Proposal] = {}
    for proposal in approved:
        answered.setdefault(_nominee_key(proposal), proposal)
    for record in records:
        proposal = answered.pop(_nominee_key(record), None)
        if proposal is not None:
            _decide_matching_proposal(actor=actor, record=record, proposal=proposal)
    transaction.on_commit(_records_changed)
    return records


def _records_changed() -> None:
    """A bulk insert sends no post_save: invalidate the cached award reads here (see awards.apps)."""
    try:
        selectors.data_changed()
    except Exception:  # the cache is down: the records stand, cached figures expire on their own
        logger.warning("cached awards reads not invalidated", exc_info=True)


# --- Large Excel exports of award records ----------------------------------------------------------------
EXPORT_QUEUE_UNAVAILABLE = gettext_lazy(
    "Hàng đợi xử lý tạm thời không hoạt động. Yêu cầu xuất đã được lưu và sẽ tự động được gửi vào hàng đợi khi "
    "hàng đợi hoạt động trở lại."
)


def record_export_request(
    *, actor: User, query: str = "", year: int | None = None, award_type: AwardType | None = None
) -> tuple[RecordExport, bool]:
    """Record a request to export the award records matching the filters; `record_export_enqueue` then
    hands it to Celery (the view calls it once this has committed). Returns (export, created): the same
    user's same export still waiting or running is returned instead of a second one."""
    _require(actor, "awards.manage_records", None)
    filters = {"query": query, "year": year, "award_type": award_type}
    with transaction.atomic():
        pending = (
            RecordExport.objects.filter(requested_by=actor, **filters)
            .filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
            .first()
        )
        if pending is not None:
            return pending, False
        export = RecordExport.objects.create(requested_by=actor, **filters)
        record_audit(
            actor=actor,
            action="records.export",
            target=export,
            unit=actor.unit,
            summary=_("Yêu cầu xuất khen thưởng: %(filters)s")
            % {"filters": ", ".join(str(v) for v in (query, year, award_type) if v) or _("tất cả")},
        )
    return export, True


def record_export_enqueue(*, export: RecordExport) -> bool:
    """Queue the build. False (the request kept, with the reason) when the broker is unreachable."""
    from .tasks import build_record_export

    try:
        result = build_record_export.apply_async(args=[export.pk], retry=False)
    except (BrokerError, ConnectionError, OSError) as error:
        logger.warning("Export %s not queued: %s", export.pk, error)
        RecordExport.objects.filter(pk=export.pk).update(error=str(EXPORT_QUEUE_UNAVAILABLE), task_id="")
        export.error, export.task_id = str(EXPORT_QUEUE_UNAVAILABLE), ""
        return False
    RecordExport.objects.filter(pk=export.pk).exclude(status=ExportStatus.DONE).update(
        error="", task_id=result.id or "queued"
    )
    export.refresh_from_db()
    return True


def record_export_build(*, export_id: int) -> RecordExport:
    """Build the export's workbook (the import's columns) and keep it. Safe to run again: a finished
    export is left as it is, a retry replaces its own file."""
    from .outputs import records_xlsx

    export = RecordExport.objects.select_related("award_type").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export
    RecordExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, error="")
    records = selectors.award_records(query=export.query, year=export.year, award_type_id=export.award_type_id)
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield row

    data = records_xlsx(counted(records.iterator(chunk_size=2000)))
    with transaction.atomic():
        export = RecordExport.objects.select_for_update().get(pk=export.pk)
        if export.file:
            export.file.delete(save=False)
        export.file.save(f"khen-thuong-{export.pk}.xlsx", ContentFile(data), save=False)
        export.status, export.row_count, export.finished_at, export.error = ExportStatus.DONE, count, timezone.now(), ""
        export.save(update_fields=["file", "status", "row_count", "finished_at", "error"])
        record_audit(
            actor=None,
            action="records.export_done",
            target=export,
            unit=export.requested_by.unit if export.requested_by_id else None,
            summary=_("Đã xuất %(count)s khen thưởng.") % {"count": count},
        )
    return export


def record_export_failed(*, export_id: int, error: str, final: bool) -> None:
    """A failed attempt: back to the queue for the automatic retry, or failed for good."""
    status = ExportStatus.FAILED if final else ExportStatus.QUEUED
    RecordExport.objects.filter(pk=export_id).exclude(status=ExportStatus.DONE).update(status=status, error=error[:500])


def record_export_retry(*, actor: User, export: RecordExport) -> bool:
    """Queue again an export the queue did not take, or that failed for good."""
    _require(actor, "awards.change_record_export", export)
    if export.status == ExportStatus.DONE:
        return False
    if export.status == ExportStatus.FAILED:
        RecordExport.objects.filter(pk=export.pk).update(status=ExportStatus.QUEUED, task_id="")
        export.status = ExportStatus.QUEUED
    record_audit(actor=actor, action="records.export_retry", target=export, unit=actor.unit, summary=str(export))
    return record_export_enqueue(export=export)


def record_exports_requeue_unqueued() -> int:
    """Celery beat: queue the exports the queue did not take while it was down; returns how many."""
    queued = 0
    while True:
        with transaction.atomic():
            export = (
                RecordExport.objects.select_for_update(skip_locked=True)
                .filter(status=ExportStatus.QUEUED, task_id="")
                .order_by("requested_at", "pk")
                .first()
            )
            if export is None or not record_export_enqueue(export=export):
                return queued
            queued += 1
