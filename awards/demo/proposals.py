"""Demo proposals of Lạng Sơn for 2023, drafted by its staff, on top of `records` and `ratings`. Idempotent.

- seed 004: at the 2023 summary (5/3/2024) the northern border cluster proposed Cờ thi đua của Chính phủ for
  Lạng Sơn and Bằng khen của Thủ tướng for Hà Giang, drafted by the chair (Lạng Sơn) for the cluster;
- individual proposals of Lạng Sơn: two leaders and one direct worker (the seed 002 complaint shows on the
  fairness page), one of them failing the CSTĐ ladder with a justification.

`workflow` sends them up and reviews them.
"""

from __future__ import annotations

from django.db import transaction

from ..models import Proposal, ProposalKind, ProposalStatus, RecipientCategory
from ..services.proposals import proposal_create
from .records import SUMMARY_DAY, story_cast

FLAG = "CO_THI_DUA_CHINH_PHU"
BANG_KHEN = "BANG_KHEN_THU_TUONG"


def live_proposal(*, award: str, year: int, kind: str = ProposalKind.ANNUAL, **nominee) -> Proposal | None:
    """The demo's proposal of `award` for the nominee (`nominee_unit=` or `nominee_person=`), unless rejected."""
    return (
        Proposal.objects.filter(award_type__code=award, year=year, kind=kind, **nominee)
        .exclude(status=ProposalStatus.REJECTED)
        .first()
    )


def _proposal(*, actor, proposing_unit, award: str, year: int, **fields) -> Proposal:
    nominee = {k: fields[k] for k in ("nominee_unit", "nominee_person") if fields.get(k) is not None}
    existing = live_proposal(award=award, year=year, kind=fields.get("kind", ProposalKind.ANNUAL), **nominee)
    if existing is not None:
        return existing
    return proposal_create(actor=actor, proposing_unit=proposing_unit, award_type_code=award, year=year, **fields)


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    cast = story_cast()
    if cast is None:
        return
    staff, lang_son, people = cast.staff, cast.lang_son, cast.people
    # Seed 004: the cluster's proposals, drafted by the chair (Lạng Sơn) for the cluster.
    _proposal(
        actor=staff, proposing_unit=lang_son, award=FLAG, year=2023, nominee_unit=lang_son,
        source_group=cast.group, proposal_date=SUMMARY_DAY, council_members=7, council_votes_for=7,
        achievements="Đơn vị dẫn đầu Cụm thi đua các tỉnh miền núi biên giới phía Bắc năm 2023, "
        "được các tỉnh trong Cụm thống nhất suy tôn tại Hội nghị tổng kết ngày 5/3/2024.",
    )  # fmt: skip
    _proposal(
        actor=staff, proposing_unit=lang_son, award=BANG_KHEN, year=2023, nominee_unit=cast.ha_giang,
        source_group=cast.group, proposal_date=SUMMARY_DAY,
        achievements="Được Cụm thi đua các tỉnh miền núi biên giới phía Bắc bình xét đề nghị năm 2023.",
    )  # fmt: skip

    # Individual proposals of Lạng Sơn for 2023: two leaders, one direct worker (seed 002).
    mai, pao = people.get("Lường Thị Mai"), people.get("Hoàng Văn Páo")
    thieu, huong = people.get("Hồ Tiến Thiệu"), people.get("Nguyễn Thị Hương")
    if thieu:
        _proposal(
            actor=staff, proposing_unit=lang_son, award="CSTD_CAP_TINH", year=2023, nominee_person=thieu,
            recipient_category=RecipientCategory.LEADER_CENTRAL, proposal_date=SUMMARY_DAY,
            initiative_level="ministry_province",
            initiative="Mô hình cửa khẩu số Hữu Nghị", council_members=15, council_votes_for=14,
            achievements="Chỉ đạo hoàn thành vượt mức các chỉ tiêu kinh tế - xã hội năm 2023.",
            justification="Thành tích đặc biệt xuất sắc trong chỉ đạo phát triển kinh tế cửa khẩu.",
        )  # fmt: skip
    if huong:
        _proposal(
            actor=staff, proposing_unit=lang_son, award="BANG_KHEN_CAP_TINH", year=2023, nominee_person=huong,
            recipient_category=RecipientCategory.LEADER_DIVISION, proposal_date=SUMMARY_DAY,
            achievements="Tham mưu tốt công tác thi đua, khen thưởng năm 2023.",
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
