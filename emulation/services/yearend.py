"""Writes of the year end: self-scoring, verification, bonus/penalty, closing, and the ballot.

Rules enforced here (the views only show or hide buttons):
- scoring follows the SIGNED pledge's scoring table;
- a member unit's staff and leader score their own unit while the self-assessment is a
  draft; the leader submits it, after which it is read-only for the unit;
- only the chair unit that year (or a system admin) verifies, adjusts with a reason, adds
  bonus or penalty points and closes scoring; closing publishes everyone's scores;
- one vote per member unit per ballot (the database also refuses a second); in a secret
  ballot the vote rows are not linked to the voter; results exist only after closing;
- closing the ballot may elect next year's chair and vice-chair (creating next year's term)
  and create award proposals through `awards.services.proposal_create`.

Every write leaves an audit row.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import EmulationGroup, MemberRole, Membership, Unit, User
from clusters.rules import GroupYear
from clusters.services import membership_copy_year, membership_set, record_audit

from ..models import (
    AdjustmentKind,
    AssessmentStatus,
    Ballot,
    BallotCandidate,
    BallotParticipation,
    BallotQuestion,
    BallotResult,
    BallotVote,
    CriterionKind,
    CriterionScore,
    Evidence,
    PledgeStatus,
    PledgeTarget,
    QuestionKind,
    ScoreAdjustment,
    ScoringCriterion,
    ScoringRound,
    SelfAssessment,
    TargetResult,
    ThresholdBase,
)
from ..models.pledges import Pledge

__all__ = [
    "ALLOWED_EVIDENCE_TYPES",
    "QuestionSpec",
    "adjustment_add",
    "adjustment_delete",
    "assessment_return",
    "assessment_submit",
    "assessment_verify",
    "ballot_close",
    "ballot_open",
    "ballot_vote",
    "default_questions",
    "evidence_add",
    "evidence_delete",
    "result_save",
    "score_save",
    "score_verify",
    "scoring_close",
    "scoring_open",
    "validate_evidence_file",
]

#: Evidence types accepted: extension → (content type served, magic bytes the file must start with).
#: Nothing that a browser would render as a page (no HTML, SVG, XML) is accepted.
ALLOWED_EVIDENCE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
}


def _require(actor: User, perm: str, obj) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _points(value, *, field: str = "points") -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Điểm phải là một số.")}) from None
    if not points.is_finite():
        raise ValidationError({field: _("Điểm phải là một số.")})
    return points.quantize(Decimal("0.01"))


def _check_in_range(points: Decimal, criterion: ScoringCriterion, *, field: str = "points") -> None:
    if points < 0:
        raise ValidationError({field: _("Điểm không được âm.")})
    if points > criterion.max_points:
        raise ValidationError(
            {
                field: _("Điểm của tiêu chí %(code)s không được vượt quá %(max)s.")
                % {"code": criterion.code, "max": criterion.max_points}
            }
        )


def _lock_assessment(assessment: SelfAssessment) -> SelfAssessment:
    """Re-read the assessment and its round under a row lock, so concurrent writes see one state."""
    return (
        SelfAssessment.objects.select_for_update().select_related("round", "round__group", "unit").get(pk=assessment.pk)
    )


# --- Opening and closing the scoring --------------------------------------------------------------
@transaction.atomic
def scoring_open(*, actor: User, group: EmulationGroup, year: int) -> ScoringRound:
    """Open scoring for the group's year against its signed pledge, with one draft per member unit."""
    _require(actor, "emulation.manage_scoring", GroupYear(group, year))
    pledge = Pledge.objects.filter(group=group, year=year).first()
    if pledge is None or pledge.status != PledgeStatus.SIGNED:
        raise ValidationError(_("Chỉ chấm điểm theo giao ước thi đua đã ký kết của năm %(year)s.") % {"year": year})
    if not pledge.criteria.exists():
        raise ValidationError(_("Giao ước chưa có bảng tiêu chí, thang điểm."))
    if ScoringRound.objects.filter(group=group, year=year).exists():
        raise ValidationError(_("Cụm, khối đã mở chấm điểm cho năm này."))
    scoring_round = ScoringRound.objects.create(group=group, year=year, pledge=pledge, opened_by=actor)
    unit_ids = list(Membership.objects.filter(group=group, year=year).values_list("unit_id", flat=True))
    SelfAssessment.objects.bulk_create([SelfAssessment(round=scoring_round, unit_id=uid) for uid in unit_ids])
    record_audit(
        actor=actor,
        action="scoring.open",
        target=scoring_round,
        unit=actor.unit,
        summary=_("Mở chấm điểm thi đua năm %(year)s") % {"year": year},
        data={"pledge": pledge.pk, "units": sorted(unit_ids)},
    )
    return scoring_round


@transaction.atomic
def scoring_close(*, actor: User, scoring_round: ScoringRound) -> ScoringRound:
    """Lock the scores and publish them with the ranking. Every member must have submitted."""
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    _require(actor, "emulation.manage_scoring", scoring_round)
    if not scoring_round.is_open:
        raise ValidationError(_("Đợt chấm điểm đã khóa sổ."))
    drafts = list(
        scoring_round.assessments.filter(status=AssessmentStatus.DRAFT)
        .order_by("unit__name")
        .values_list("unit__name", flat=True)
    )
    if drafts:
        raise ValidationError(
            _("Chưa thể khóa sổ: các đơn vị sau chưa gửi bản tự chấm: %(units)s.") % {"units": ", ".join(drafts)}
        )
    scoring_round.close()
    scoring_round.closed_by = actor
    scoring_round.closed_at = timezone.now()
    scoring_round.save()
    record_audit(
        actor=actor,
        action="scoring.close",
        target=scoring_round,
        unit=actor.unit,
        summary=_("Khóa sổ, công bố kết quả chấm điểm năm %(year)s") % {"year": scoring_round.year},
    )
    return scoring_round


# --- Self-scoring by the member unit ----------------------------------------------------------------
def _criterion_of(assessment: SelfAssessment, criterion: ScoringCriterion) -> ScoringCriterion:
    if criterion.pledge_id != assessment.round.pledge_id:
        raise ValidationError(_("Tiêu chí không thuộc bảng điểm của giao ước này."))
    return criterion


@transaction.atomic
def score_save(
    *,
    actor: User,
    assessment: SelfAssessment,
    criterion: ScoringCriterion,
    points,
    justification: str = "",
) -> CriterionScore:
    """The unit's own points on one criterion, with a short justification."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.edit_assessment", assessment)
    criterion = _criterion_of(assessment, criterion)
    points = _points(points)
    _check_in_range(points, criterion)
    score, created = CriterionScore.objects.get_or_create(
        assessment=assessment,
        criterion=criterion,
        defaults={"self_points": points, "justification": justification.strip()},
    )
    if not created:
        old = score.self_points
        score.self_points = points
        score.justification = justification.strip()
        score.save(update_fields=["self_points", "justification", "updated_at"])
    else:
        old = None
    record_audit(
        actor=actor,
        action="scoring.self_score",
        target=assessment,
        summary=_("Tự chấm %(code)s: %(points)s điểm") % {"code": criterion.code, "points": points},
        data={"criterion": criterion.pk, "old": str(old) if old is not None else None, "new": str(points)},
    )
    return score


@transaction.atomic
def result_save(
    *, actor: User, assessment: SelfAssessment, target: PledgeTarget, actual_value, note: str = ""
) -> TargetResult:
    """The unit's actual value against one of the pledge's targets."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.edit_assessment", assessment)
    if not PledgeTarget.objects.filter(pk=target.pk, item__pledge_id=assessment.round.pledge_id).exists():
        raise ValidationError(_("Chỉ tiêu không thuộc giao ước này."))
    try:
        value = Decimal(str(actual_value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"actual_value": _("Kết quả phải là một số.")}) from None
    result, _created = TargetResult.objects.update_or_create(
        assessment=assessment, target=target, defaults={"actual_value": value, "note": note.strip()}
    )
    record_audit(
        actor=actor,
        action="scoring.result",
        target=assessment,
        summary=_("Kết quả chỉ tiêu %(indicator)s: %(value)s") % {"indicator": target.indicator[:200], "value": value},
        data={"target": target.pk, "value": str(value)},
    )
    return result


def validate_evidence_file(uploaded) -> tuple[str, str]:
    """Check size, extension and the file's first bytes. Returns (extension, served content type)."""
    name = os.path.basename(uploaded.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED_EVIDENCE_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".") for e in ALLOWED_EVIDENCE_TYPES))
        raise ValidationError(
            {"file": _("Loại tệp không được chấp nhận. Chỉ nhận: %(allowed)s.") % {"allowed": allowed}}
        )
    if uploaded.size == 0:
        raise ValidationError({"file": _("Tệp rỗng.")})
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"file": _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": round(settings.UPLOAD_MAX_BYTES / (1024 * 1024), 1)}}
        )
    content_type, magics = ALLOWED_EVIDENCE_TYPES[extension]
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError({"file": _("Nội dung tệp không khớp với loại tệp %(ext)s.") % {"ext": extension}})
    return extension, content_type


@transaction.atomic
def evidence_add(*, actor: User, assessment: SelfAssessment, criterion: ScoringCriterion, uploaded) -> Evidence:
    """Attach a proof to the unit's score on a criterion (the score row is created at 0 if missing)."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.edit_assessment", assessment)
    criterion = _criterion_of(assessment, criterion)
    _extension, content_type = validate_evidence_file(uploaded)
    score, _created = CriterionScore.objects.get_or_create(
        assessment=assessment, criterion=criterion, defaults={"self_points": Decimal("0")}
    )
    original_name = os.path.basename(uploaded.name)[:255]
    evidence = Evidence(
        score=score,
        original_name=original_name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=actor,
    )
    evidence.file.save(original_name, uploaded, save=False)
    evidence.save()
    record_audit(
        actor=actor,
        action="scoring.evidence_add",
        target=assessment,
        summary=_("Thêm minh chứng cho %(code)s: %(name)s") % {"code": criterion.code, "name": original_name},
        data={"evidence": evidence.pk, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: User, evidence: Evidence) -> None:
    assessment = _lock_assessment(evidence.score.assessment)
    _require(actor, "emulation.edit_assessment", assessment)
    name, pk = evidence.original_name, evidence.pk
    storage, path = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(path))
    record_audit(
        actor=actor,
        action="scoring.evidence_delete",
        target=assessment,
        summary=_("Xóa minh chứng %(name)s") % {"name": name},
        data={"evidence": pk},
    )


@transaction.atomic
def assessment_submit(*, actor: User, assessment: SelfAssessment, summary: str | None = None) -> SelfAssessment:
    """The unit's leader sends the self-assessment; every criterion of the table must be scored."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.submit_assessment", assessment)
    missing = list(
        ScoringCriterion.objects.filter(pledge_id=assessment.round.pledge_id, kind=CriterionKind.CRITERION)
        .exclude(scores__assessment=assessment)
        .order_by("order", "id")
        .values_list("code", flat=True)
    )
    if missing:
        raise ValidationError(_("Chưa chấm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
    if summary is not None:
        assessment.summary = summary.strip()
    assessment.submit()
    assessment.submitted_by = actor
    assessment.submitted_at = timezone.now()
    assessment.save()
    record_audit(actor=actor, action="scoring.submit", target=assessment, summary=_("Gửi bản tự chấm điểm"))
    return assessment


# --- Verification by the chair ----------------------------------------------------------------------
@transaction.atomic
def score_verify(*, actor: User, score: CriterionScore, points, reason: str = "") -> CriterionScore:
    """Confirm or adjust a member's points on one criterion; a change needs a reason the member sees."""
    assessment = _lock_assessment(score.assessment)
    _require(actor, "emulation.verify_assessment", assessment)
    score = CriterionScore.objects.select_related("criterion").get(pk=score.pk)
    points = _points(points)
    _check_in_range(points, score.criterion)
    reason = reason.strip()
    if points != score.self_points and not reason:
        raise ValidationError({"reason": _("Phải nêu lý do khi điều chỉnh điểm tự chấm.")})
    old = score.points
    score.verified_points = points
    score.adjustment_reason = reason if points != score.self_points else ""
    score.verified_by = actor
    score.verified_at = timezone.now()
    score.save()
    record_audit(
        actor=actor,
        action="scoring.verify_score",
        target=assessment,
        summary=_("Thẩm định %(code)s: %(old)s → %(new)s") % {"code": score.criterion.code, "old": old, "new": points}
        + (f" ({reason})" if reason else ""),
        data={"score": score.pk, "old": str(old), "new": str(points), "reason": reason},
    )
    return score


@transaction.atomic
def adjustment_add(*, actor: User, assessment: SelfAssessment, kind: str, points, reason: str) -> ScoreAdjustment:
    """Bonus or penalty points the chair adds on top of the scoring table, with the reason."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.verify_assessment", assessment)
    if kind not in AdjustmentKind.values:
        raise ValidationError({"kind": _("Loại điểm không hợp lệ.")})
    points = _points(points)
    if points <= 0:
        raise ValidationError({"points": _("Số điểm phải lớn hơn 0.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do.")})
    adjustment = ScoreAdjustment.objects.create(
        assessment=assessment, kind=kind, points=points, reason=reason.strip()[:500], created_by=actor
    )
    record_audit(
        actor=actor,
        action="scoring.adjustment_add",
        target=assessment,
        summary=str(adjustment),
        data={"adjustment": adjustment.pk, "kind": kind, "points": str(points)},
    )
    return adjustment


@transaction.atomic
def adjustment_delete(*, actor: User, adjustment: ScoreAdjustment) -> None:
    assessment = _lock_assessment(adjustment.assessment)
    _require(actor, "emulation.verify_assessment", assessment)
    text, pk = str(adjustment), adjustment.pk
    adjustment.delete()
    record_audit(
        actor=actor,
        action="scoring.adjustment_delete",
        target=assessment,
        summary=_("Xóa %(text)s") % {"text": text},
        data={"adjustment": pk},
    )


@transaction.atomic
def assessment_verify(*, actor: User, assessment: SelfAssessment) -> SelfAssessment:
    """Mark the member's scores as checked; scores not adjusted keep the member's own points."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.verify_assessment", assessment)
    assessment.verify()
    assessment.verified_by = actor
    assessment.verified_at = timezone.now()
    assessment.save()
    record_audit(actor=actor, action="scoring.verify", target=assessment, summary=_("Xác nhận kết quả chấm điểm"))
    return assessment


@transaction.atomic
def assessment_return(*, actor: User, assessment: SelfAssessment, reason: str) -> SelfAssessment:
    """Send the self-assessment back to the unit for corrections."""
    assessment = _lock_assessment(assessment)
    _require(actor, "emulation.verify_assessment", assessment)
    if not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do trả lại.")})
    assessment.return_to_unit()
    assessment.verified_by = None
    assessment.verified_at = None
    assessment.save()
    record_audit(
        actor=actor,
        action="scoring.return",
        target=assessment,
        summary=_("Trả lại để đơn vị chấm lại: %(reason)s") % {"reason": reason.strip()[:400]},
    )
    return assessment


# --- Ballot ---------------------------------------------------------------------------------------------
@dataclass
class QuestionSpec:
    kind: str
    title: str
    seats: int = 1
    award_type_code: str = ""
    candidate_ids: list[int] | None = None  # None: every member unit that year


def default_questions(*, group: EmulationGroup, year: int) -> list[QuestionSpec]:
    """The usual year-end questions: the leading unit (proposed for the Government's flag), the units
    proposed for the Prime Minister's certificate, and next year's chair and vice-chair."""
    return [
        QuestionSpec(
            kind=QuestionKind.LEADING,
            title=_("Đơn vị dẫn đầu phong trào thi đua năm %(year)s (đề nghị tặng Cờ thi đua của Chính phủ)")
            % {"year": year},
            award_type_code="CO_THI_DUA_CHINH_PHU",
        ),
        QuestionSpec(
            kind=QuestionKind.AWARD,
            title=_("Đơn vị đề nghị tặng Bằng khen của Thủ tướng Chính phủ"),
            award_type_code="BANG_KHEN_THU_TUONG",
        ),
        QuestionSpec(kind=QuestionKind.NEXT_CHAIR, title=_("Đơn vị trưởng năm %(year)s") % {"year": year + 1}),
        QuestionSpec(kind=QuestionKind.NEXT_VICE_CHAIR, title=_("Đơn vị phó năm %(year)s") % {"year": year + 1}),
    ]


@transaction.atomic
def ballot_open(
    *,
    actor: User,
    group: EmulationGroup,
    year: int,
    title: str = "",
    is_secret: bool = True,
    threshold_percent=Decimal("50"),
    threshold_base: str = ThresholdBase.MEMBERS,
    questions: Iterable[QuestionSpec] | None = None,
) -> Ballot:
    _require(actor, "emulation.manage_ballot", GroupYear(group, year))
    member_ids = set(Membership.objects.filter(group=group, year=year).values_list("unit_id", flat=True))
    if not member_ids:
        raise ValidationError(_("Cụm, khối chưa có thành viên trong năm %(year)s.") % {"year": year})
    if Ballot.objects.filter(group=group, year=year).exists():
        raise ValidationError(_("Cụm, khối đã tổ chức bỏ phiếu cho năm này."))
    threshold = _points(threshold_percent, field="threshold_percent")
    if not Decimal("0") < threshold <= Decimal("100"):
        raise ValidationError({"threshold_percent": _("Tỷ lệ phải lớn hơn 0 và không quá 100%.")})
    specs = list(questions) if questions is not None else default_questions(group=group, year=year)
    if not specs:
        raise ValidationError(_("Cuộc bỏ phiếu phải có ít nhất một nội dung."))
    ballot = Ballot(
        group=group,
        year=year,
        title=title.strip() or _("Bình xét thi đua năm %(year)s — %(group)s") % {"year": year, "group": group.name},
        is_secret=is_secret,
        threshold_percent=threshold,
        threshold_base=threshold_base,
        eligible_count=len(member_ids),
        opened_by=actor,
    )
    ballot.full_clean()
    ballot.save()
    for order, spec in enumerate(specs, start=1):
        candidate_ids = member_ids if spec.candidate_ids is None else set(spec.candidate_ids)
        if not candidate_ids or not candidate_ids <= member_ids:
            raise ValidationError(_("Đơn vị được bầu phải là thành viên của cụm, khối trong năm."))
        if spec.seats < 1 or spec.seats > len(candidate_ids):
            raise ValidationError(
                _("Số đơn vị được chọn của nội dung “%(title)s” không hợp lệ.") % {"title": spec.title}
            )
        question = BallotQuestion(
            ballot=ballot,
            kind=spec.kind,
            title=spec.title,
            seats=spec.seats,
            award_type_code=spec.award_type_code,
            order=order,
        )
        question.full_clean(exclude=["ballot"])
        question.save()
        BallotCandidate.objects.bulk_create([BallotCandidate(question=question, unit_id=uid) for uid in candidate_ids])
    record_audit(
        actor=actor,
        action="ballot.open",
        target=ballot,
        unit=actor.unit,
        summary=ballot.title,
        data={"secret": is_secret, "threshold": str(threshold), "base": threshold_base, "questions": len(specs)},
    )
    return ballot


@transaction.atomic
def ballot_vote(*, actor: User, ballot: Ballot, choices: dict[int, list[int]]) -> BallotParticipation:
    """One ballot paper for the actor's unit: for each question, up to `seats` candidate units.

    `choices` maps a question id to the chosen unit ids (an empty list abstains on that question).
    """
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _require(actor, "emulation.vote_ballot", ballot)
    questions = {q.pk: q for q in ballot.questions.prefetch_related("candidates")}
    votes = []
    for question_id, unit_ids in choices.items():
        question = questions.get(int(question_id))
        if question is None:
            raise ValidationError(_("Nội dung bỏ phiếu không hợp lệ."))
        unit_ids = [int(uid) for uid in unit_ids]
        if len(set(unit_ids)) != len(unit_ids):
            raise ValidationError(_("Mỗi đơn vị chỉ được chọn một lần trong một nội dung."))
        if len(unit_ids) > question.seats:
            raise ValidationError(
                _("Nội dung “%(title)s” chỉ được chọn tối đa %(seats)s đơn vị.")
                % {"title": question.title, "seats": question.seats}
            )
        candidates = {c.unit_id: c for c in question.candidates.all()}
        for uid in unit_ids:
            if uid not in candidates:
                raise ValidationError(_("Đơn vị được chọn không có trong danh sách bầu."))
            votes.append((question, candidates[uid]))
    try:
        with transaction.atomic():
            participation = BallotParticipation.objects.create(ballot=ballot, unit_id=actor.unit_id, voted_by=actor)
    except IntegrityError:
        raise ValidationError(_("Đơn vị của bạn đã bỏ phiếu.")) from None
    link = None if ballot.is_secret else participation
    BallotVote.objects.bulk_create(
        [BallotVote(question=question, candidate=candidate, participation=link) for question, candidate in votes]
    )
    # The audit row says that the unit voted, never what it chose in a secret ballot.
    record_audit(
        actor=actor,
        action="ballot.vote",
        target=ballot,
        unit=actor.unit,
        summary=_("%(unit)s đã bỏ phiếu") % {"unit": actor.unit.name},
        data={} if ballot.is_secret else {str(q.pk): c.unit_id for q, c in votes},
    )
    return participation


def _ranking_positions(ballot: Ballot) -> dict[int, int]:
    """The scoring ranking of the year (unit id → position), used to break ties in the count."""
    from ..selectors.yearend import ranking

    scoring_round = ScoringRound.objects.filter(group_id=ballot.group_id, year=ballot.year).first()
    if scoring_round is None:
        return {}
    return {row.unit_id: row.position for row in ranking(scoring_round=scoring_round)}


def _elected(question: BallotQuestion, counts: list[dict], *, base: int, threshold: Decimal, exclude: set[int]):
    """Candidates ordered by votes (then the scoring ranking, then name); the first `seats` reaching
    the threshold are elected."""
    elected = []
    for row in counts:
        reaches = base > 0 and Decimal(row["votes"]) * 100 >= threshold * base
        if reaches and row["unit_id"] not in exclude and len(elected) < question.seats:
            elected.append(row["unit_id"])
    return elected


@transaction.atomic
def ballot_close(
    *, actor: User, ballot: Ballot, create_next_term: bool = True, create_proposals: bool = True
) -> Ballot:
    """Count the votes (one aggregate query), publish the results, elect next year's officers
    (creating next year's term) and create the award proposals for the units elected."""
    ballot = Ballot.objects.select_for_update().select_related("group").get(pk=ballot.pk)
    _require(actor, "emulation.manage_ballot", ballot)
    if not ballot.is_open:
        raise ValidationError(_("Cuộc bỏ phiếu đã kết thúc."))
    votes_cast = ballot.participations.count()
    if votes_cast == 0:
        raise ValidationError(_("Chưa có đơn vị nào bỏ phiếu."))
    base = ballot.eligible_count if ballot.threshold_base == ThresholdBase.MEMBERS else votes_cast
    positions = _ranking_positions(ballot)
    # One aggregate query: every candidate with its vote count.
    counted = list(
        BallotCandidate.objects.filter(question__ballot=ballot)
        .values("question_id", "unit_id", "unit__name")
        .annotate(votes=Count("votes"))
    )
    questions = list(ballot.questions.order_by("order", "id"))
    elected_by_kind: dict[str, list[int]] = {}
    results = []
    award_winners: list[tuple[BallotQuestion, int]] = []
    for question in questions:
        rows = [
            {"unit_id": c["unit_id"], "name": c["unit__name"], "votes": c["votes"]}
            for c in counted
            if c["question_id"] == question.pk
        ]
        rows.sort(key=lambda r: (-r["votes"], positions.get(r["unit_id"], 10_000), r["name"], r["unit_id"]))
        exclude = (
            set(elected_by_kind.get(QuestionKind.NEXT_CHAIR, []))
            if question.kind == QuestionKind.NEXT_VICE_CHAIR
            else set()
        )
        if question.kind == QuestionKind.AWARD:
            exclude |= set(elected_by_kind.get(QuestionKind.LEADING, []))
        elected = _elected(question, rows, base=base, threshold=ballot.threshold_percent, exclude=exclude)
        elected_by_kind.setdefault(question.kind, []).extend(elected)
        for position, row in enumerate(rows, start=1):
            percent = (Decimal(row["votes"]) * 100 / base).quantize(Decimal("0.01")) if base else Decimal("0")
            results.append(
                BallotResult(
                    question=question,
                    unit_id=row["unit_id"],
                    votes=row["votes"],
                    percent=percent,
                    position=position,
                    elected=row["unit_id"] in elected,
                )
            )
        if question.award_type_code:
            award_winners.extend((question, uid) for uid in elected)
    BallotResult.objects.bulk_create(results)
    ballot.close()
    ballot.closed_by = actor
    ballot.closed_at = timezone.now()
    ballot.votes_cast = votes_cast
    ballot.save()

    chair_ids = elected_by_kind.get(QuestionKind.NEXT_CHAIR, [])
    vice_ids = elected_by_kind.get(QuestionKind.NEXT_VICE_CHAIR, [])
    term = None
    if create_next_term and (chair_ids or vice_ids):
        term = _next_term(
            actor=actor,
            ballot=ballot,
            chair_id=chair_ids[0] if chair_ids else None,
            vice_id=vice_ids[0] if vice_ids else None,
        )
    proposals = []
    if create_proposals and award_winners:
        proposals = _proposals(actor=actor, ballot=ballot, winners=award_winners)
    record_audit(
        actor=actor,
        action="ballot.close",
        target=ballot,
        unit=actor.unit,
        summary=_("Kết thúc bỏ phiếu: %(cast)s/%(eligible)s phiếu")
        % {"cast": votes_cast, "eligible": ballot.eligible_count},
        data={
            "elected": dict(elected_by_kind.items()),
            "next_term": term,
            "proposals": proposals,
        },
    )
    return ballot


def _next_term(*, actor: User, ballot: Ballot, chair_id: int | None, vice_id: int | None) -> int:
    """Create (or update the officers of) next year's term of the group."""
    group, next_year = ballot.group, ballot.year + 1
    chair = Unit.objects.get(pk=chair_id) if chair_id else None
    vice = Unit.objects.get(pk=vice_id) if vice_id else None
    existing = list(Membership.objects.filter(group=group, year=next_year).select_related("unit"))
    if existing:
        units = [m.unit for m in existing]
        known = {u.pk for u in units}
        units += [u for u in (chair, vice) if u is not None and u.pk not in known]
        standing = next((m.unit for m in existing if m.is_standing_agency), None)
        if chair is None:
            chair = next((m.unit for m in existing if m.role == MemberRole.CHAIR), None)
        if vice is None:
            vice = next((m.unit for m in existing if m.role == MemberRole.VICE_CHAIR), None)
        membership_set(
            actor=actor,
            group=group,
            year=next_year,
            units=units,
            chair=chair,
            vice_chair=vice,
            standing_agency=standing,
        )
    else:
        membership_copy_year(
            actor=actor, group=group, from_year=ballot.year, to_year=next_year, chair=chair, vice_chair=vice
        )
    return next_year


def _proposals(*, actor: User, ballot: Ballot, winners: list[tuple[BallotQuestion, int]]) -> list[int]:
    """Award proposals for the units the ballot elected, proposed by the chair unit for the group."""
    from awards.services import proposals as award_services

    chair = (
        Membership.objects.filter(group=ballot.group, year=ballot.year, role=MemberRole.CHAIR)
        .select_related("unit")
        .first()
    )
    proposing_unit = chair.unit if chair else actor.unit
    from awards.models import Proposal

    units = Unit.objects.in_bulk([uid for _q, uid in winners])
    created = []
    for question, unit_id in winners:
        # A live proposal of this award for this unit and year already exists (e.g. entered by hand):
        # the ballot confirms it rather than duplicating it.
        existing = (
            Proposal.objects.filter(
                nominee_unit_id=unit_id, award_type__code=question.award_type_code, year=ballot.year
            )
            .exclude(status="rejected")
            .first()
        )
        if existing is not None:
            award_services.refresh_eligibility(existing)  # the ballot's result is one of its conditions
            created.append(existing.pk)
            continue
        proposal = award_services.proposal_create(
            actor=actor,
            proposing_unit=proposing_unit,
            award_type_code=question.award_type_code,
            year=ballot.year,
            kind="annual",
            nominee_unit=units[unit_id],
            source_group=ballot.group,
            achievements=_("Được %(group)s suy tôn, bình xét qua bỏ phiếu năm %(year)s (%(question)s).")
            % {"group": ballot.group.name, "year": ballot.year, "question": question.title},
        )
        created.append(proposal.pk)
    return created
