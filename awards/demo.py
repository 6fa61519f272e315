"""Demo data for awards, on top of the organisation's demo (clusters/demo/). Idempotent.

- the law's catalogue and rules (Law 2022, Decree 98/2023, Decree 152/2025);
- a deadline for the 2023 annual proposals;
- some award history of the demo people of Lạng Sơn;
- seed 004: at the 2023 summary (5/3/2024) the northern border cluster proposed Cờ thi đua của
  Chính phủ for Lạng Sơn and Bằng khen của Thủ tướng for Hà Giang; the chair (Lạng Sơn) sends them up,
  the central board reviews: the flag is approved, the Bằng khen is under review;
- the 2023 performance ratings of the Lạng Sơn demo people (the standards of Art. 23, 24, 44 and 73 read them);
- individual proposals of Lạng Sơn for 2023, two leaders and one direct worker (the seed 002
  complaint shows on the fairness page), one of them failing the CSTĐ ladder with a justification.

Decision numbers here are demo values, marked as such: the seeds do not give the real ones.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from clusters.models import EmulationGroup, Person, Unit, UnitKind, User

from .models import (
    AwardRecord,
    AwardType,
    EligibilityStatus,
    Proposal,
    ProposalKind,
    ProposalStatus,
    RatingLevel,
    Submission,
    SubmissionDeadline,
)
from .services.catalogue import ensure_catalogue
from .services.proposals import proposal_create
from .services.ratings import ratings_save
from .services.records import award_record_create
from .services.workflow import proposal_approve, proposal_start_review, submission_create

CLUSTER = "Cụm thi đua các tỉnh miền núi biên giới phía Bắc"
SUMMARY_DAY = datetime.date(2024, 3, 5)


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _province(short_name: str) -> Unit | None:
    return (
        Unit.objects.filter(short_name=short_name, kind=UnitKind.PROVINCE, active_from__isnull=True)
        .order_by("pk")
        .first()
    )


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _record(*, award: str, year: int, number: str, authority: str, person=None, unit=None, day=None) -> None:
    award_type = AwardType.objects.get(code=award)
    exists = AwardRecord.objects.filter(
        award_type=award_type, year=year, nominee_person=person, nominee_unit=unit, decision_number=number
    ).exists()
    if not exists:
        award_record_create(
            actor=None,
            award_type=award_type,
            year=year,
            nominee_person=person,
            nominee_unit=unit,
            decision_number=number,
            decision_date=day,
            decision_authority=authority,
            note="Dữ liệu mẫu",
        )


def _proposal(*, actor, proposing_unit, award: str, year: int, **fields) -> Proposal:
    nominee = {k: fields[k] for k in ("nominee_unit", "nominee_person") if fields.get(k) is not None}
    existing = (
        Proposal.objects.filter(
            award_type__code=award, year=year, kind=fields.get("kind", ProposalKind.ANNUAL), **nominee
        )
        .exclude(status=ProposalStatus.REJECTED)
        .first()
    )
    if existing is not None:
        return existing
    return proposal_create(actor=actor, proposing_unit=proposing_unit, award_type_code=award, year=year, **fields)


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    ensure_catalogue()
    SubmissionDeadline.objects.get_or_create(
        year=2023,
        kind=ProposalKind.ANNUAL,
        award_type=None,
        defaults={"due_date": datetime.date(2024, 3, 31), "note": "Hạn trình hồ sơ khen thưởng công tác năm 2023"},
    )
    lang_son, ha_giang = _province("Lạng Sơn"), _province("Hà Giang")
    group = EmulationGroup.objects.filter(name=CLUSTER).first()
    staff, leader, reviewer = _user("canbo.langson"), _user("lanhdao.langson"), _user("thamdinh.tw")
    if not all([lang_son, ha_giang, group, staff, leader, reviewer]):
        _say(stdout, "Bỏ qua dữ liệu khen thưởng mẫu: chưa có dữ liệu tổ chức (Lạng Sơn, Hà Giang, cụm, tài khoản).")
        return

    people = {p.full_name: p for p in Person.objects.filter(unit=lang_son)}
    chairman = "Chủ tịch UBND tỉnh Lạng Sơn"
    mai, pao = people.get("Lường Thị Mai"), people.get("Hoàng Văn Páo")
    thieu, huong = people.get("Hồ Tiến Thiệu"), people.get("Nguyễn Thị Hương")
    if mai:
        for year in (2021, 2022, 2023):
            _record(award="LAO_DONG_TIEN_TIEN", year=year, number=f"DEMO-{year}/LĐTT", authority="Chủ tịch UBND xã",
                    person=mai)  # fmt: skip
        for year in (2021, 2022):
            _record(award="CSTD_CO_SO", year=year, number=f"DEMO-{year}/CSTĐ", authority="Chủ tịch UBND huyện",
                    person=mai)  # fmt: skip
        # Seed 004: the Lạng Sơn chairman's Bằng khen for 2023 (7 collectives, 7 individuals; one shown here).
        _record(award="BANG_KHEN_CAP_TINH", year=2023, number="DEMO-01/QĐ-UBND", authority=chairman, person=mai,
                day=SUMMARY_DAY)  # fmt: skip
    if pao:
        for year in (2022, 2023):
            _record(award="LAO_DONG_TIEN_TIEN", year=year, number=f"DEMO-{year}/LĐTT", authority="Giám đốc Công ty",
                    person=pao)  # fmt: skip
    _record(award="CO_THI_DUA_CAP_TINH", year=2022, number="DEMO-02/QĐ-UBND", authority=chairman, unit=lang_son)
    # The province rates its people for 2023 (the direct worker and the teacher excellently).
    excellent = {p.pk for p in (mai, pao) if p}
    ratings_save(actor=None, unit=lang_son, year=2023, entries={
        p.pk: (RatingLevel.EXCELLENT if p.pk in excellent else RatingLevel.GOOD, "Dữ liệu mẫu") for p in people.values()
    })  # fmt: skip

    # Seed 004: the cluster's proposals, sent up by the chair (Lạng Sơn) for the cluster.
    flag = _proposal(
        actor=staff, proposing_unit=lang_son, award="CO_THI_DUA_CHINH_PHU", year=2023, nominee_unit=lang_son,
        source_group=group, proposal_date=SUMMARY_DAY, council_members=7, council_votes_for=7,
        achievements="Đơn vị dẫn đầu Cụm thi đua các tỉnh miền núi biên giới phía Bắc năm 2023, "
        "được các tỉnh trong Cụm thống nhất suy tôn tại Hội nghị tổng kết ngày 5/3/2024.",
    )  # fmt: skip
    bang_khen = _proposal(
        actor=staff, proposing_unit=lang_son, award="BANG_KHEN_THU_TUONG", year=2023, nominee_unit=ha_giang,
        source_group=group, proposal_date=SUMMARY_DAY,
        achievements="Được Cụm thi đua các tỉnh miền núi biên giới phía Bắc bình xét đề nghị năm 2023.",
    )  # fmt: skip
    to_submit = [p for p in (flag, bang_khen) if p.status == ProposalStatus.DRAFT]
    if to_submit:
        submission_create(
            actor=leader, proposing_unit=lang_son, year=2023, number="DEMO-25/TTr-UBND",
            title="Đề nghị khen thưởng Cụm thi đua các tỉnh miền núi biên giới phía Bắc năm 2023",
            body="Cụm thi đua thống nhất đề nghị tặng Cờ thi đua của Chính phủ cho tỉnh Lạng Sơn và "
            "Bằng khen của Thủ tướng Chính phủ cho tỉnh Hà Giang.",
            proposals=to_submit,
        )  # fmt: skip
    for proposal in (flag, bang_khen):
        proposal.refresh_from_db()
        if proposal.status == ProposalStatus.SUBMITTED:
            proposal_start_review(actor=reviewer, proposal=proposal)
    flag.refresh_from_db()
    if flag.status == ProposalStatus.UNDER_REVIEW:
        proposal_approve(actor=reviewer, proposal=flag, comment="Đủ điều kiện, trình Hội đồng Trung ương.")

    # Individual proposals of Lạng Sơn for 2023: two leaders, one direct worker (seed 002).
    if thieu:
        _proposal(
            actor=staff, proposing_unit=lang_son, award="CSTD_CAP_TINH", year=2023, nominee_person=thieu,
            proposal_date=SUMMARY_DAY, initiative_level="ministry_province",
            initiative="Mô hình cửa khẩu số Hữu Nghị", council_members=15, council_votes_for=14,
            achievements="Chỉ đạo hoàn thành vượt mức các chỉ tiêu kinh tế - xã hội năm 2023.",
            justification="Thành tích đặc biệt xuất sắc trong chỉ đạo phát triển kinh tế cửa khẩu.",
        )  # fmt: skip
    if huong:
        _proposal(
            actor=staff, proposing_unit=lang_son, award="BANG_KHEN_CAP_TINH", year=2023, nominee_person=huong,
            proposal_date=SUMMARY_DAY, achievements="Tham mưu tốt công tác thi đua, khen thưởng năm 2023.",
        )  # fmt: skip
    if pao:
        _proposal(
            actor=staff, proposing_unit=lang_son, award="BANG_KHEN_CAP_TINH", year=2023, nominee_person=pao,
            proposal_date=SUMMARY_DAY, achievements="Công nhân vệ sinh môi trường gương mẫu, 10 năm liền.",
        )  # fmt: skip
    if mai:
        _proposal(
            actor=staff, proposing_unit=lang_son, award="CSTD_CO_SO", year=2023, nominee_person=mai,
            proposal_date=SUMMARY_DAY, initiative_level="basic", initiative="Góc học tập song ngữ Tày - Việt",
            achievements="Giáo viên mầm non xã biên giới, duy trì 100% trẻ ra lớp.",
        )  # fmt: skip
    individual = [
        p
        for p in Proposal.objects.filter(
            proposing_unit=lang_son, year=2023, nominee_person__isnull=False, status=ProposalStatus.DRAFT
        )
        if p.eligibility_status != EligibilityStatus.FAILED or p.justification
    ]
    if individual:
        submission_create(
            actor=leader, proposing_unit=lang_son, year=2023, number="DEMO-26/TTr-UBND",
            title="Đề nghị khen thưởng cá nhân năm 2023", proposals=individual,
        )  # fmt: skip
    # The demo replays March 2024: date the submissions then, and judge lateness against that day.
    back_then = timezone.make_aware(datetime.datetime.combine(SUMMARY_DAY, datetime.time(9, 0)))
    Submission.objects.filter(proposing_unit=lang_son, number__startswith="DEMO-").update(submitted_at=back_then)
    Proposal.objects.filter(submission__proposing_unit=lang_son, submission__number__startswith="DEMO-").update(
        submitted_at=back_then, is_late=False
    )
    _say(
        stdout,
        "Khen thưởng: danh mục theo Luật 2022, NĐ 98/2023, NĐ 152/2025; đề nghị năm 2023 của Cụm miền núi biên giới "
        "phía Bắc (Cờ thi đua của Chính phủ cho Lạng Sơn: đã đồng ý; Bằng khen của Thủ tướng cho Hà Giang: đang "
        "thẩm định) và các đề nghị cá nhân của Lạng Sơn.",
    )
