"""Writes of the year-end scoring: opening, self-scoring, evidence, submission, verification, bonus/penalty,
closing.

Rules enforced here (the views only show or hide buttons):
- scoring follows the SIGNED pledge's scoring table;
- a member unit's staff and leader score their own unit while the self-assessment is a
  draft; the leader submits it, after which it is read-only for the unit;
- only the chair unit that year (or a system admin) verifies, adjusts with a reason, adds
  bonus or penalty points and closes scoring; closing publishes everyone's scores;
- evidence is a document or a scan accepted by `EVIDENCE_UPLOADS` (`clusters.uploads`).

Permissions are checked again with `clusters.rules.require` (`actor=None` is the system acting, e.g. a data
load). Every write leaves an audit row.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.concurrency import claim_version
from clusters.models import EmulationGroup, Membership, User
from clusters.rules import GroupYear, require
from clusters.services.audit import record_audit
from clusters.uploads import DOCUMENTS

from ..models import (
    AssessmentStatus,
    CriterionKind,
    CriterionScore,
    Evidence,
    Pledge,
    PledgeStatus,
    PledgeTarget,
    ScoreAdjustment,
    ScoringCriterion,
    ScoringRound,
    SelfAssessment,
    TargetResult,
)

__all__ = [
    "EVIDENCE_UPLOADS",
    "adjustment_add",
    "adjustment_delete",
    "assessment_return",
    "assessment_submit",
    "assessment_verify",
    "evidence_add",
    "evidence_delete",
    "missing_criteria",
    "result_save",
    "results_save",
    "score_save",
    "score_verify",
    "scores_save",
    "scores_verify",
    "scoring_close",
    "scoring_open",
    "scoring_open_refusal",
]

#: Evidence: the documents and scans of `clusters.uploads.DOCUMENTS`, refusals shown under the form's file field.
EVIDENCE_UPLOADS = replace(DOCUMENTS, field="file")


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


#: The rows of the scoring table that bonus and penalty points are given under.
EXTRA_KINDS = (CriterionKind.BONUS, CriterionKind.PENALTY)


def _adjusted_on(assessment: SelfAssessment, criterion: ScoringCriterion) -> Decimal:
    """The bonus or penalty points the verifier has already given the unit under this row of the table."""
    total = ScoreAdjustment.objects.filter(assessment=assessment, criterion=criterion).aggregate(
        total=models.Sum("points")
    )["total"]
    return total or Decimal("0")


def _check_extra_row(points: Decimal, criterion: ScoringCriterion, *, adjusted: Decimal, field: str) -> None:
    """A bonus or penalty row bounds the points claimed on it and the points added under it, together."""
    if criterion.kind in EXTRA_KINDS and points + adjusted > criterion.max_points:
        raise ValidationError(
            {
                field: _(
                    "Dòng %(code)s cho tối đa %(max)s điểm; đơn vị đã được cộng, trừ thêm %(added)s điểm theo dòng "
                    "này nên điểm chấm không được vượt quá %(left)s."
                )
                % {
                    "code": criterion.code,
                    "max": criterion.max_points,
                    "added": adjusted,
                    "left": max(criterion.max_points - adjusted, Decimal("0")),
                }
            }
        )


def _lock_assessment(assessment: SelfAssessment) -> SelfAssessment:
    """Re-read the assessment and its round under a row lock, so concurrent writes see one state."""
    return (
        SelfAssessment.objects.select_for_update().select_related("round", "round__group", "unit").get(pk=assessment.pk)
    )


# --- What the pages may offer: the same checks the services make --------------------------------------------
def scoring_open_refusal(*, group: EmulationGroup, year: int) -> str | None:
    """Why scoring cannot be opened for the group's year (None: it can)."""
    pledge = Pledge.objects.filter(group=group, year=year).first()
    if pledge is None or pledge.status != PledgeStatus.SIGNED:
        return _("Chỉ chấm điểm theo giao ước thi đua đã ký kết của năm %(year)s.") % {"year": year}
    if not pledge.criteria.exists():
        return _("Giao ước chưa có bảng tiêu chí, thang điểm.")
    if ScoringRound.objects.filter(group=group, year=year).exists():
        return _("Cụm, khối đã mở chấm điểm cho năm này.")
    return None


def missing_criteria(assessment: SelfAssessment) -> list[str]:
    """The codes of the scoring table's criteria the unit has not scored yet (it cannot submit before)."""
    return list(
        ScoringCriterion.objects.filter(pledge_id=assessment.round.pledge_id, kind=CriterionKind.CRITERION)
        .exclude(scores__assessment=assessment)
        .order_by("order", "id")
        .values_list("code", flat=True)
    )


# --- Opening and closing the scoring --------------------------------------------------------------
@transaction.atomic
def scoring_open(*, actor: User | None, group: EmulationGroup, year: int) -> ScoringRound:
    """Open scoring for the group's year against its signed pledge, with one draft per member unit."""
    require(actor, "emulation.manage_scoring", GroupYear(group, year))
    refusal = scoring_open_refusal(group=group, year=year)
    if refusal:
        raise ValidationError(refusal)
    pledge = Pledge.objects.get(group=group, year=year)
    scoring_round = ScoringRound.objects.create(group=group, year=year, pledge=pledge, opened_by=actor)
    unit_ids = list(Membership.objects.filter(group=group, year=year).values_list("unit_id", flat=True))
    SelfAssessment.objects.bulk_create([SelfAssessment(round=scoring_round, unit_id=uid) for uid in unit_ids])
    record_audit(
        actor=actor,
        action="scoring.open",
        target=scoring_round,
        unit=getattr(actor, "unit", None),
        summary=_("Mở chấm điểm thi đua năm %(year)s") % {"year": year},
        data={"pledge": pledge.pk, "units": sorted(unit_ids)},
    )
    return scoring_round


@transaction.atomic
def scoring_close(*, actor: User | None, scoring_round: ScoringRound) -> ScoringRound:
    """Lock the scores and publish them with the ranking. Every member must have submitted."""
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    require(actor, "emulation.manage_scoring", scoring_round)
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
        unit=getattr(actor, "unit", None),
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
    actor: User | None,
    assessment: SelfAssessment,
    criterion: ScoringCriterion,
    points,
    justification: str = "",
) -> CriterionScore:
    """The unit's own points on one criterion, with a short justification."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.edit_assessment", assessment)
    criterion = _criterion_of(assessment, criterion)
    points = _points(points)
    _check_in_range(points, criterion)
    _check_extra_row(points, criterion, adjusted=_adjusted_on(assessment, criterion), field="points")
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
def scores_save(*, actor: User | None, assessment: SelfAssessment, entries, version=None) -> bool:
    """The self-scoring sheet: `entries` are (criterion, points, justification); `version` is the assessment's
    `updated_at` the sheet was opened on (someone saved the sheet since: ConflictError, nothing saved).
    Returns True when this save completed the sheet (every criterion scored now, not before): the unit's
    leaders are then told it waits for them to send it."""
    claim_version(assessment, version)
    was_incomplete = bool(missing_criteria(assessment))
    for criterion, points, justification in entries:
        score_save(actor=actor, assessment=assessment, criterion=criterion, points=points, justification=justification)
    return was_incomplete and not missing_criteria(assessment)


@transaction.atomic
def results_save(*, actor: User | None, assessment: SelfAssessment, entries, version=None) -> None:
    """The targets' results: `entries` are (target, actual value, note); `version` as in `scores_save`."""
    claim_version(assessment, version)
    for target, value, note in entries:
        result_save(actor=actor, assessment=assessment, target=target, actual_value=value, note=note)


@transaction.atomic
def result_save(
    *, actor: User | None, assessment: SelfAssessment, target: PledgeTarget, actual_value, note: str = ""
) -> TargetResult:
    """The unit's actual value against one of the pledge's targets."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.edit_assessment", assessment)
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


@transaction.atomic
def evidence_add(*, actor: User | None, assessment: SelfAssessment, criterion: ScoringCriterion, uploaded) -> Evidence:
    """Attach a proof to the unit's score on a criterion (the score row is created at 0 if missing)."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.edit_assessment", assessment)
    criterion = _criterion_of(assessment, criterion)
    accepted = EVIDENCE_UPLOADS.check(uploaded)
    score, _created = CriterionScore.objects.get_or_create(
        assessment=assessment, criterion=criterion, defaults={"self_points": Decimal("0")}
    )
    evidence = Evidence(
        score=score,
        original_name=accepted.name,
        content_type=accepted.content_type,
        size=accepted.size,
        uploaded_by=actor,
    )
    evidence.file.save(accepted.name, uploaded, save=False)
    evidence.save()
    record_audit(
        actor=actor,
        action="scoring.evidence_add",
        target=assessment,
        summary=_("Thêm minh chứng cho %(code)s: %(name)s") % {"code": criterion.code, "name": accepted.name},
        data={"evidence": evidence.pk, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: User | None, evidence: Evidence) -> None:
    assessment = _lock_assessment(evidence.score.assessment)
    require(actor, "emulation.edit_assessment", assessment)
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
def assessment_submit(*, actor: User | None, assessment: SelfAssessment, summary: str | None = None) -> SelfAssessment:
    """The unit's leader sends the self-assessment; every criterion of the table must be scored."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.submit_assessment", assessment)
    missing = missing_criteria(assessment)
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
def scores_verify(*, actor: User | None, assessment: SelfAssessment, entries, version=None) -> None:
    """The chair's verification sheet: `entries` are (score, points, reason); `version` as in `scores_save`."""
    claim_version(assessment, version)
    for score, points, reason in entries:
        score_verify(actor=actor, score=score, points=points, reason=reason)


@transaction.atomic
def score_verify(*, actor: User | None, score: CriterionScore, points, reason: str = "") -> CriterionScore:
    """Confirm or adjust a member's points on one criterion; a change needs a reason the member sees."""
    assessment = _lock_assessment(score.assessment)
    require(actor, "emulation.verify_assessment", assessment)
    score = CriterionScore.objects.select_related("criterion").get(pk=score.pk)
    points = _points(points)
    _check_in_range(points, score.criterion)
    _check_extra_row(points, score.criterion, adjusted=_adjusted_on(assessment, score.criterion), field="points")
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
def adjustment_add(
    *,
    actor: User | None,
    assessment: SelfAssessment,
    criterion: ScoringCriterion,
    points,
    reason: str,
    basis: str,
) -> ScoreAdjustment:
    """Bonus or penalty points under one of the pledge's bonus or penalty rows, with the reason and the
    document that proves it. The row bounds them: what the unit claimed on it plus what is added under it
    never exceeds its maximum. Nobody adds points to their own unit's sheet (see `verify_assessment`)."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.verify_assessment", assessment)
    if criterion is None or criterion.pledge_id != assessment.round.pledge_id:
        raise ValidationError({"criterion": _("Chọn một dòng điểm thưởng hoặc điểm trừ của bảng điểm giao ước.")})
    if criterion.kind not in EXTRA_KINDS:
        raise ValidationError(
            {"criterion": _("Dòng %(code)s không phải dòng điểm thưởng hoặc điểm trừ.") % {"code": criterion.code}}
        )
    points = _points(points)
    if points <= 0:
        raise ValidationError({"points": _("Số điểm phải lớn hơn 0.")})
    reason, basis = reason.strip(), basis.strip()
    if not reason:
        raise ValidationError({"reason": _("Phải nêu lý do.")})
    if not basis:
        raise ValidationError({"basis": _("Phải nêu căn cứ, minh chứng của điểm cộng, điểm trừ.")})
    claimed = (
        CriterionScore.objects.filter(assessment=assessment, criterion=criterion)
        .values_list("verified_points", "self_points")
        .first()
    )
    claimed_points = (claimed[0] if claimed[0] is not None else claimed[1]) if claimed else Decimal("0")
    adjusted = _adjusted_on(assessment, criterion)
    left = criterion.max_points - claimed_points - adjusted
    if points > left:
        raise ValidationError(
            {
                "points": _(
                    "Dòng %(code)s cho tối đa %(max)s điểm; đơn vị đã có %(used)s điểm theo dòng này nên chỉ còn "
                    "được %(kind)s tối đa %(left)s điểm."
                )
                % {
                    "code": criterion.code,
                    "max": criterion.max_points,
                    "used": claimed_points + adjusted,
                    "kind": _("cộng") if criterion.kind == CriterionKind.BONUS else _("trừ"),
                    "left": max(left, Decimal("0")),
                }
            }
        )
    adjustment = ScoreAdjustment.objects.create(
        assessment=assessment,
        criterion=criterion,
        kind=criterion.kind,
        points=points,
        reason=reason[:500],
        basis=basis[:500],
        created_by=actor,
    )
    record_audit(
        actor=actor,
        action="scoring.adjustment_add",
        target=assessment,
        summary=str(adjustment),
        data={
            "adjustment": adjustment.pk,
            "criterion": criterion.pk,
            "kind": criterion.kind,
            "points": str(points),
            "basis": basis[:500],
        },
    )
    return adjustment


@transaction.atomic
def adjustment_delete(*, actor: User | None, adjustment: ScoreAdjustment) -> None:
    assessment = _lock_assessment(adjustment.assessment)
    require(actor, "emulation.verify_assessment", assessment)
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
def assessment_verify(*, actor: User | None, assessment: SelfAssessment) -> SelfAssessment:
    """Mark the member's scores as checked; scores not adjusted keep the member's own points."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.verify_assessment", assessment)
    assessment.verify()
    assessment.verified_by = actor
    assessment.verified_at = timezone.now()
    assessment.save()
    record_audit(actor=actor, action="scoring.verify", target=assessment, summary=_("Xác nhận kết quả chấm điểm"))
    return assessment


@transaction.atomic
def assessment_return(*, actor: User | None, assessment: SelfAssessment, reason: str) -> SelfAssessment:
    """Send the self-assessment back to the unit for corrections."""
    assessment = _lock_assessment(assessment)
    require(actor, "emulation.verify_assessment", assessment)
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
