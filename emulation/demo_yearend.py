"""Year-end demo: the northern mountainous border cluster's 2023 (seed 004), through the services.

- a signed 2023 pledge with a scoring table (the content items follow the themes seed 004 reports;
  the targets, criteria and points are demo figures, not the cluster's real table);
- every member's self-scores with justifications (one evidence file), results against the targets,
  submitted by its leader; Lạng Sơn's staff (the chair) verify, adjust one score with a reason,
  add a bonus, and close scoring with Lạng Sơn leading;
- a closed secret ballot: Lạng Sơn leading (proposed for Cờ thi đua của Chính phủ), Hà Giang proposed
  for Bằng khen của Thủ tướng, Lào Cai elected chair for 2024 — as seed 004 reports. The seed does
  not name the 2024 vice-chair, so the demo ballot does not elect one;
- the year-end summary report compiled once (DOCX, XLSX, PDF).

Idempotent: each step looks at the state first. Runs on SQLite (rundemo) as on PostgreSQL.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import EmulationGroup, MemberRole, Membership, Role, User

from .models import (
    AssessmentStatus,
    Ballot,
    CriterionScore,
    Pledge,
    PledgeStatus,
    PledgeTarget,
    QuestionKind,
    Report,
    ReportKind,
    ScoringRound,
    SelfAssessment,
)

GROUP_NAME = "Cụm thi đua các tỉnh miền núi biên giới phía Bắc"
YEAR = 2023

ITEMS = [
    {
        "title": "Thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động",
        "body": "Quyết tâm thực hiện có hiệu quả các phong trào thi đua do Thủ tướng Chính phủ phát động, gắn với "
        "thực hiện thắng lợi các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội năm 2023 của các tỉnh trong Cụm.",
        "targets": [
            {"indicator": "Tốc độ tăng trưởng GRDP", "unit_of_measure": "%", "target_value": "7"},
            {"indicator": "Số xã đạt chuẩn nông thôn mới trong năm", "unit_of_measure": "xã", "target_value": "10"},
        ],
    },
    {
        "title": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "body": "Gắn các phong trào thi đua với việc đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh; giữ vững an ninh chính trị, trật tự, an toàn xã hội và chủ quyền biên giới quốc gia.",
        "targets": [],
    },
    {
        "title": "Nâng cao chất lượng khen thưởng",
        "body": "Khen thưởng chính xác, kịp thời, công khai, minh bạch; quan tâm khen thưởng tập thể nhỏ, người lao "
        "động trực tiếp, cơ sở vùng sâu, vùng xa, biên giới, vùng đồng bào dân tộc thiểu số.",
        "targets": [
            {
                "indicator": "Tỷ lệ khen thưởng người lao động trực tiếp",
                "unit_of_measure": "%",
                "target_value": "40",
            }
        ],
    },
    {
        "title": "Tuyên truyền, nhân rộng điển hình tiên tiến",
        "body": "Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến” giai đoạn 2022 - 2025 theo Quyết định số "
        "1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ; trao đổi, học tập kinh nghiệm giữa các tỉnh trong Cụm.",
        "targets": [],
    },
]

_TASKS = "I. Thực hiện nhiệm vụ chính trị"
_EMULATION = "II. Công tác thi đua, khen thưởng"
CRITERIA = [
    {"section": _TASKS, "code": "1.1", "title": "Chỉ tiêu kinh tế - xã hội", "max_points": 40},
    {"section": _TASKS, "code": "1.2", "title": "Quốc phòng, an ninh biên giới", "max_points": 20},
    {"section": _EMULATION, "code": "2.1", "title": "Tổ chức phong trào thi đua", "max_points": 20},
    {"section": _EMULATION, "code": "2.2", "title": "Chất lượng khen thưởng", "max_points": 20},
    {
        "section": "III. Điểm thưởng, điểm trừ",
        "code": "3.1",
        "title": "Mô hình, cách làm hay được Trung ương ghi nhận",
        "max_points": 5,
        "kind": "bonus",
        "rule_text": "Cộng 1 điểm cho mỗi mô hình, tối đa 5 điểm.",
    },
    {
        "section": "III. Điểm thưởng, điểm trừ",
        "code": "3.2",
        "title": "Gửi báo cáo chậm so với quy định",
        "max_points": 5,
        "kind": "penalty",
        "rule_text": "Trừ 1 điểm cho mỗi báo cáo chậm.",
    },
]

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


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _short(unit) -> str:
    name = unit.short_name or unit.name
    return name.removeprefix("Tỉnh ")


def _user(unit, role: str) -> User:
    return User.objects.filter(unit=unit, role=role, is_active=True).order_by("pk").first()


def _pledge(group: EmulationGroup) -> Pledge:
    from .demo import sign_for_demo
    from .services.pledges import pledge_create

    pledge = Pledge.objects.filter(group=group, year=YEAR).first()
    if pledge is None:
        pledge = pledge_create(
            actor=None,
            group=group,
            year=YEAR,
            title=f"Giao ước thi đua năm {YEAR} của {GROUP_NAME}",
            preamble="Với tinh thần “càng khó khăn thì càng phải thi đua”, các tỉnh trong Cụm thi đua các tỉnh miền "
            "núi biên giới phía Bắc thống nhất ký kết giao ước thi đua năm 2023 với các nội dung sau:",
            items=ITEMS,
            criteria=CRITERIA,
        )
    if pledge.status != PledgeStatus.SIGNED:
        pledge = sign_for_demo(pledge)
    return pledge


def _self_score(scoring_round: ScoringRound, units_by_short: dict) -> None:
    from .services.yearend import assessment_submit, evidence_add, result_save, score_save

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
        staff = _user(unit, Role.STAFF)
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
            actor=_user(unit, Role.LEADER),
            assessment=assessment,
            summary=f"Tỉnh {short} hoàn thành các chỉ tiêu giao ước thi đua năm {YEAR}.",
        )


def _verify_and_close(scoring_round: ScoringRound, chair_staff: User, units_by_short: dict) -> None:
    from .services.yearend import adjustment_add, assessment_verify, score_verify, scoring_close

    if scoring_round.is_closed:
        return
    for assessment in scoring_round.assessments.select_related("unit", "round"):
        short = _short(assessment.unit)
        if assessment.status == AssessmentStatus.SUBMITTED:
            if short == "Sơn La":
                score = assessment.scores.get(criterion__code="2.1")
                score_verify(
                    actor=chair_staff,
                    score=score,
                    points=Decimal("17"),
                    reason="Thiếu minh chứng về sơ kết phong trào thi đua chuyên đề.",
                )
            if short == "Lạng Sơn" and not assessment.adjustments.exists():
                adjustment_add(
                    actor=chair_staff,
                    assessment=assessment,
                    kind="bonus",
                    points=Decimal("1"),
                    reason="Đơn vị Cụm trưởng tổ chức tốt các hoạt động của Cụm năm 2023.",
                )
            assessment_verify(actor=chair_staff, assessment=assessment)
    scoring_close(actor=chair_staff, scoring_round=scoring_round)


def _ballot(group: EmulationGroup, chair_staff: User, units_by_short: dict) -> Ballot:
    from .services.yearend import ballot_close, ballot_open, ballot_vote, default_questions

    ballot = Ballot.objects.filter(group=group, year=YEAR).first()
    if ballot is None:
        questions = [q for q in default_questions(group=group, year=YEAR) if q.kind != QuestionKind.NEXT_VICE_CHAIR]
        ballot = ballot_open(actor=chair_staff, group=group, year=YEAR, is_secret=True, questions=questions)
    if ballot.is_closed:
        return ballot
    picks = {
        QuestionKind.LEADING: units_by_short["Lạng Sơn"],
        QuestionKind.AWARD: units_by_short["Hà Giang"],
        QuestionKind.NEXT_CHAIR: units_by_short["Lào Cai"],
    }
    choices = {q.pk: [picks[q.kind].pk] for q in ballot.questions.all() if q.kind in picks}
    voted = set(ballot.participations.values_list("unit_id", flat=True))
    for membership in Membership.objects.filter(group=group, year=YEAR).select_related("unit"):
        if membership.unit_id not in voted:
            ballot_vote(actor=_user(membership.unit, Role.LEADER), ballot=ballot, choices=choices)
    return ballot_close(actor=chair_staff, ballot=ballot, create_next_term=True, create_proposals=True)


def load_demo(*, stdout=None) -> None:
    from awards.services.catalogue import ensure_catalogue

    from .services.reports import report_compile, report_request
    from .services.yearend import scoring_open

    group = EmulationGroup.objects.filter(name=GROUP_NAME).first()
    if group is None:
        _say(stdout, f"Bỏ qua dữ liệu tổng kết: chưa có {GROUP_NAME}.")
        return
    members = list(Membership.objects.filter(group=group, year=YEAR).select_related("unit"))
    units_by_short = {_short(m.unit): m.unit for m in members}
    chair = next(m.unit for m in members if m.role == MemberRole.CHAIR)
    chair_staff = _user(chair, Role.STAFF)
    ensure_catalogue()

    pledge = _pledge(group)
    scoring_round = ScoringRound.objects.filter(group=group, year=YEAR).first() or scoring_open(
        actor=chair_staff, group=group, year=YEAR
    )
    _self_score(scoring_round, units_by_short)
    _verify_and_close(ScoringRound.objects.get(pk=scoring_round.pk), chair_staff, units_by_short)
    ballot = _ballot(group, chair_staff, units_by_short)

    if not Report.objects.filter(kind=ReportKind.GROUP_SUMMARY, group=group, year=YEAR, status="done").exists():
        report, _created = report_request(actor=chair_staff, group=group, year=YEAR)
        report_compile(report_id=report.pk)
    _say(
        stdout,
        f"Tổng kết {YEAR}: {pledge.title} ({pledge.get_status_display()}); chấm điểm đã khóa sổ; "
        f"{ballot.title} ({ballot.get_status_display()}); báo cáo tổng kết đã lập.",
    )
