"""Year-end demo, scoring: the northern mountainous border cluster's 2023 (seed 004), through the services.

- its 2023 pledge (`pledges`) signed by every member's demo leader;
- every member's self-scores with justifications (one evidence file), results against the targets,
  submitted by its leader; Lạng Sơn's staff (the chair) verify, adjust one score with a reason,
  add a bonus, and close scoring with Lạng Sơn leading.

The ballot (`ballots`) and the summary report (`reports`) follow. Idempotent: each step looks at the state
first. Runs on SQLite (rundemo) as on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import EmulationGroup, MemberRole, Membership, Role, Unit, User

from ..models import (
    AssessmentStatus,
    CriterionScore,
    PledgeStatus,
    PledgeTarget,
    ScoringRound,
    SelfAssessment,
)
from ..services.scoring import (
    adjustment_add,
    assessment_submit,
    assessment_verify,
    evidence_add,
    result_save,
    score_save,
    score_verify,
    scoring_close,
    scoring_open,
)
from .pledges import NORTHERN_BORDER, draft_northern_border_2023
from .signing import sign_for_demo

GROUP_NAME = NORTHERN_BORDER
YEAR = 2023

#: Demo self-scores (1.1, 1.2, 2.1, 2.2, bonus 3.1, penalty 3.2) and results (GRDP %, xã NTM, % NLĐ trực tiếp).
SCORES = {
    "Lạng Sơn": ((38, 20, 19, 19, 3, 0), ("7.2", "12", "46")),
    "Hà Giang": ((37, 20, 19, 18, 2, 0), ("7.0", "11", "52")),
    "Lào Cai": ((37, 19, 18, 18, 2, 0), ("7.5", "10", "41")),
    "Cao Bằng": ((35, 19, 18, 17, 1, 0), ("6.8", "9", "38")),
    "Sơn La": ((35, 19, 18, 17, 1, 1), ("6.5", "10", "40")),
    "Điện Biên": ((34, 19, 17, 17, 0, 0), ("6.9", "8", "37")),
    "Lai Châu": ((33, 19, 17, 16, 0, 1), ("6.2", "7", "36")),
}
CODES = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def short_name(unit) -> str:
    name = unit.short_name or unit.name
    return name.removeprefix("Tỉnh ")


def user_of(unit, role: str) -> User:
    return User.objects.filter(unit=unit, role=role, is_active=True).order_by("pk").first()


@dataclass
class Cluster:
    """The northern border cluster in 2023, as the year-end demo plays it."""

    group: EmulationGroup
    units_by_short: dict[str, Unit]
    chair_staff: User
    #: The vice-chair's staff: verifies the chair unit's own sheet (no unit verifies its own).
    vice_staff: User | None = None


def northern_border() -> Cluster | None:
    """The cluster, its 2023 members by short name and its chair's staff account; None without the organisation
    demo."""
    group = EmulationGroup.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return None
    members = list(Membership.objects.filter(group=group, year=YEAR).select_related("unit"))
    chair = next(m.unit for m in members if m.role == MemberRole.CHAIR)
    vice = next((m.unit for m in members if m.role == MemberRole.VICE_CHAIR), None)
    return Cluster(
        group=group,
        units_by_short={short_name(m.unit): m.unit for m in members},
        chair_staff=user_of(chair, Role.STAFF),
        vice_staff=user_of(vice, Role.STAFF) if vice is not None else None,
    )


def _self_score(scoring_round: ScoringRound, units_by_short: dict) -> None:
    criteria = {c.code: c for c in scoring_round.pledge.criteria.all()}
    target_list = list(
        PledgeTarget.objects.filter(item__pledge=scoring_round.pledge).order_by("item__number", "order", "id")
    )
    for short, (points, results) in SCORES.items():
        unit = units_by_short.get(short)
        if unit is None:
            continue
        assessment = SelfAssessment.objects.get(round=scoring_round, unit=unit)
        if assessment.status != AssessmentStatus.DRAFT:
            continue
        staff = user_of(unit, Role.STAFF)
        for code, value in zip(CODES, points, strict=True):
            score_save(
                actor=staff,
                assessment=assessment,
                criterion=criteria[code],
                points=value,
                justification=f"Theo báo cáo kết quả thực hiện năm {YEAR} của tỉnh {short}.",
            )
        for target, value in zip(target_list, results, strict=False):
            result_save(actor=staff, assessment=assessment, target=target, actual_value=value)
        if short == "Lạng Sơn" and not CriterionScore.objects.filter(assessment=assessment, evidence__isnull=False):
            evidence_add(
                actor=staff,
                assessment=assessment,
                criterion=criteria["1.1"],
                uploaded=SimpleUploadedFile("Bao cao KT-XH 2023 Lang Son.pdf", MINIMAL_PDF),
            )
        assessment_submit(
            actor=user_of(unit, Role.LEADER),
            assessment=assessment,
            summary=f"Tỉnh {short} hoàn thành các chỉ tiêu giao ước thi đua năm {YEAR}.",
        )


def _verify_and_close(scoring_round: ScoringRound, cluster: Cluster) -> None:
    if scoring_round.is_closed:
        return
    chair_staff = cluster.chair_staff
    for assessment in scoring_round.assessments.select_related("unit", "round"):
        short = short_name(assessment.unit)
        # The chair unit's own sheet is verified by the vice-chair unit (the system if it has no account).
        verifier = chair_staff if assessment.unit_id != chair_staff.unit_id else cluster.vice_staff
        if assessment.status == AssessmentStatus.SUBMITTED:
            if short == "Sơn La":
                score = assessment.scores.get(criterion__code="2.1")
                score_verify(
                    actor=verifier,
                    score=score,
                    points=Decimal("17"),
                    reason="Thiếu minh chứng về sơ kết phong trào thi đua chuyên đề.",
                )
            if short == "Lạng Sơn" and not assessment.adjustments.exists():
                adjustment_add(
                    actor=verifier,
                    assessment=assessment,
                    criterion=scoring_round.pledge.criteria.get(code="3.1"),
                    points=Decimal("1"),
                    reason="Đơn vị Cụm trưởng tổ chức tốt các hoạt động của Cụm năm 2023.",
                    basis="Báo cáo tổng kết hoạt động Cụm thi đua năm 2023 của UBND tỉnh Lạng Sơn.",
                )
            assessment_verify(actor=verifier, assessment=assessment)
    scoring_close(actor=chair_staff, scoring_round=scoring_round)


def load_demo(*, stdout=None) -> None:
    cluster = northern_border()
    if cluster is None:
        if stdout is not None:
            stdout.write(f"Bỏ qua dữ liệu tổng kết: chưa có {GROUP_NAME}.")
        return
    pledge = draft_northern_border_2023(cluster.group)
    if pledge.status != PledgeStatus.SIGNED:
        pledge = sign_for_demo(pledge)
    scoring_round = ScoringRound.objects.filter(group=cluster.group, year=YEAR).first() or scoring_open(
        actor=cluster.chair_staff, group=cluster.group, year=YEAR
    )
    _self_score(scoring_round, cluster.units_by_short)
    _verify_and_close(ScoringRound.objects.get(pk=scoring_round.pk), cluster)
    if stdout is not None:
        stdout.write(f"Tổng kết {YEAR}: {pledge.title} ({pledge.get_status_display()}); chấm điểm đã khóa sổ.")
