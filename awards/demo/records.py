"""Demo award history of Lạng Sơn (seed 004's story), on top of the organisation's demo and the catalogue
(`catalogue`). Idempotent.

- some award history of the demo people of Lạng Sơn, and the province's own Cờ thi đua for 2022;
- seed 004: the Lạng Sơn chairman's Bằng khen for 2023, given at the 2023 summary (5/3/2024).

It also holds the story's cast (`story_cast`), which the later steps (`ratings`, `proposals`, `workflow`) read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from clusters.models import EmulationGroup, Person, PersonCategory, Unit, UnitKind, User

from ..models import AwardRecord, AwardType, ProposalKind, RecipientCategory
from ..services.records import award_record_create

CLUSTER = "Cụm thi đua các tỉnh miền núi biên giới phía Bắc"
SUMMARY_DAY = datetime.date(2024, 3, 5)
CHAIRMAN = "Chủ tịch UBND tỉnh Lạng Sơn"


def say(stdout, text: str) -> None:
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


@dataclass
class Cast:
    """Who seed 004's awards story needs, as the organisation's demo made them."""

    lang_son: Unit
    ha_giang: Unit
    group: EmulationGroup
    staff: User
    leader: User
    reviewer: User
    people: dict[str, Person]


def story_cast() -> Cast | None:
    """The story's units, cluster, accounts and the Lạng Sơn demo people; None without the organisation's demo."""
    lang_son, ha_giang = _province("Lạng Sơn"), _province("Hà Giang")
    group = EmulationGroup.objects.filter(name=CLUSTER).first()
    staff, leader, reviewer = _user("canbo.langson"), _user("lanhdao.langson"), _user("thamdinh.tw")
    if not all([lang_son, ha_giang, group, staff, leader, reviewer]):
        return None
    people = {p.full_name: p for p in Person.objects.filter(unit=lang_son)}
    return Cast(lang_son, ha_giang, group, staff, leader, reviewer, people)


def _record(
    *, award: str, year: int, number: str, authority: str, person=None, unit=None, day=None, **classified
) -> None:
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
            **classified,
        )


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    cast = story_cast()
    if cast is None:
        say(stdout, "Bỏ qua dữ liệu khen thưởng mẫu: chưa có dữ liệu tổ chức (Lạng Sơn, Hà Giang, cụm, tài khoản).")
        return
    mai, pao = cast.people.get("Lường Thị Mai"), cast.people.get("Hoàng Văn Páo")
    if mai:
        for year in (2021, 2022, 2023):
            _record(award="LAO_DONG_TIEN_TIEN", year=year, number=f"DEMO-{year}/LĐTT", authority="Chủ tịch UBND xã",
                    person=mai)  # fmt: skip
        for year in (2021, 2022):
            _record(award="CSTD_CO_SO", year=year, number=f"DEMO-{year}/CSTĐ", authority="Chủ tịch UBND huyện",
                    person=mai)  # fmt: skip
        # Seed 004: the Lạng Sơn chairman's Bằng khen for 2023 (7 collectives, 7 individuals; one shown here).
        _record(award="BANG_KHEN_CAP_TINH", year=2023, number="DEMO-01/QĐ-UBND", authority=CHAIRMAN, person=mai,
                day=SUMMARY_DAY)  # fmt: skip
    if pao:
        for year in (2022, 2023):
            _record(award="LAO_DONG_TIEN_TIEN", year=year, number=f"DEMO-{year}/LĐTT", authority="Giám đốc Công ty",
                    person=pao)  # fmt: skip
    _record(award="CO_THI_DUA_CAP_TINH", year=2022, number="DEMO-02/QĐ-UBND", authority=CHAIRMAN, unit=cast.lang_son,
            kind=ProposalKind.ANNUAL)  # fmt: skip
    _kinds_and_categories(cast)


#: kinds (issue 19): the households, enterprise and people the statutory forms' categories need, each given one
#: award of one of the seven kinds, so that every kind and every category shows at least once.
KINDS_DEMO = [
    # (award, kind, category, nominee: ("unit", kind, name) or ("person", category, name, position))
    ("BANG_KHEN_CAP_TINH", ProposalKind.THEMATIC, RecipientCategory.ENTERPRISE,
     ("unit", UnitKind.COLLECTIVE, "Công ty Cổ phần Chè Lạng Sơn (mẫu)", "")),
    ("GIAY_KHEN", ProposalKind.AD_HOC, RecipientCategory.HOUSEHOLD,
     ("household", UnitKind.HOUSEHOLD, "Hộ ông Hoàng Văn Thắng", "")),
    ("BANG_KHEN_CAP_TINH", ProposalKind.AD_HOC, RecipientCategory.COLLECTIVE,
     ("unit", UnitKind.COLLECTIVE, "Đội Cứu hộ cứu nạn Lạng Sơn (mẫu)", "")),
    ("BANG_KHEN_CAP_TINH", ProposalKind.DEDICATION, RecipientCategory.LEADER_CENTRAL,
     ("person", PersonCategory.LEADER, "Đoàn Văn Cống", "Nguyên Phó Chủ tịch UBND tỉnh")),
    ("BANG_KHEN_CAP_TINH", ProposalKind.SENIORITY, RecipientCategory.LEADER_DEPARTMENT,
     ("person", PersonCategory.LEADER, "Lý Thị Niên", "Giám đốc Sở Nội vụ")),
    ("GIAY_KHEN", ProposalKind.THEMATIC, RecipientCategory.LEADER_DIVISION,
     ("person", PersonCategory.LEADER, "Vi Văn Chuyên", "Phó Trưởng phòng Tổ chức")),
    ("BANG_KHEN_CAP_TINH", ProposalKind.THEMATIC, RecipientCategory.BUSINESS_PERSON,
     ("person", PersonCategory.OTHER, "Nông Thị Doanh", "Giám đốc Công ty Cổ phần Chè Lạng Sơn")),
    ("BANG_KHEN_CAP_TINH", ProposalKind.RESISTANCE, RecipientCategory.DIRECT_WORKER,
     ("person", PersonCategory.DIRECT_WORKER, "Hoàng Văn Kháng", "Nông dân xã Hữu Liên")),
    ("BANG_KHEN_CAP_TINH", ProposalKind.FOREIGN, RecipientCategory.OTHER_INDIVIDUAL,
     ("person", PersonCategory.OTHER, "Khamphou Sivongsa", "Chuyên gia hợp tác (Lào)")),
]  # fmt: skip
COMMUNE = "Xã Hữu Liên (mẫu)"


def _kinds_and_categories(cast: Cast) -> None:
    commune, _created = Unit.objects.get_or_create(
        name=COMMUNE, parent=cast.lang_son, defaults={"kind": UnitKind.COMMUNE, "short_name": "Hữu Liên"}
    )
    for number, (award, kind, category, nominee) in enumerate(KINDS_DEMO, start=1):
        what, sort, name, position = nominee
        unit = person = None
        if what == "person":
            person, _created = Person.objects.get_or_create(
                full_name=name, unit=cast.lang_son, defaults={"category": sort, "position": position}
            )
        else:
            unit, _created = Unit.objects.get_or_create(
                name=name,
                parent=commune if what == "household" else cast.lang_son,
                defaults={"kind": sort, "is_enterprise": category == RecipientCategory.ENTERPRISE},
            )
        _record(award=award, year=2023, number=f"DEMO-{number:02d}/QĐ-KT", authority=CHAIRMAN, unit=unit,
                person=person, day=SUMMARY_DAY, kind=kind, recipient_category=category)  # fmt: skip
