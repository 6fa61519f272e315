"""Load the organisation's real data from `fixtures/` and the demo accounts.

Idempotent: running it twice changes nothing. Units are matched by their
administrative code, or by name and period for those without one.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction

from .models import (
    MERGER_DATE,
    EmulationGroup,
    MemberRole,
    Membership,
    Person,
    PersonCategory,
    Role,
    Unit,
    UnitKind,
    User,
)
from .search import fold
from .services.accounts import user_create
from .services.groups import membership_set

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_PASSWORD = "thidua2025"
LAST_DAY_BEFORE_MERGER = MERGER_DATE - datetime.timedelta(days=1)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def province(short_name: str, *, year: int = 2023) -> Unit:
    """The province or city called `short_name` as it was in `year` (before or after the 2025 merger)."""
    day = datetime.date(year, 12, 31) if year < MERGER_DATE.year else datetime.date(year, 7, 1)
    units = Unit.objects.filter(short_name=short_name, kind=UnitKind.PROVINCE)
    for unit in units:
        if unit.is_active_on(day):
            return unit
    raise Unit.DoesNotExist(f"{short_name} ({year})")


def _load_json(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _upsert(lookup: dict, defaults: dict) -> Unit:
    unit, _created = Unit.objects.update_or_create(**lookup, defaults=defaults)
    return unit


@transaction.atomic
def load_provinces() -> dict[str, Unit]:
    """63 pre-merger provinces and the 34 units in force since 1 July 2025, with the lineage between them."""
    data = _load_json("provinces.json")
    before: dict[str, Unit] = {}
    for row in data["provinces_before_merger"]:
        before[row["short_name"]] = _upsert(
            {"code": row["code"]},
            {
                "kind": UnitKind.PROVINCE,
                "name": row["name"],
                "short_name": row["short_name"],
                "is_remote": row["is_remote"],
            },
        )
    for row in data["provinces_from_merger"]:
        successor = _upsert(
            {"name": row["name"], "kind": UnitKind.PROVINCE, "active_from": MERGER_DATE},
            {"short_name": row["short_name"], "is_remote": any(before[s].is_remote for s in row["merged_from"])},
        )
        for short_name in row["merged_from"]:
            unit = before[short_name]
            if unit.successor_id != successor.pk:
                unit.successor = successor
                unit.active_to = LAST_DAY_BEFORE_MERGER
                unit.save(update_fields=["successor", "active_to", "updated_at"])
    return before


@transaction.atomic
def load_groups() -> list[EmulationGroup]:
    data = _load_json("organisation.json")
    units_by_name: dict[str, Unit] = {}
    for row in data["boards"]:
        parent = province(row["parent"]) if row.get("parent") else None
        units_by_name[row["name"]] = _upsert(
            {"name": row["name"]}, {"short_name": row["short_name"], "kind": row["kind"], "parent": parent}
        )
    for row in data["agencies"]:
        units_by_name[row["name"]] = _upsert(
            {"name": row["name"]},
            {"short_name": row["short_name"], "kind": UnitKind.AGENCY, "parent": province(row["parent"])},
        )
    groups = []
    for row in data["groups"]:
        group, _created = EmulationGroup.objects.update_or_create(
            name=row["name"],
            defaults={
                "short_name": row["short_name"],
                "kind": row["kind"],
                "organizer": units_by_name[row["organizer"]],
                "description": row.get("description", ""),
            },
        )
        groups.append(group)
        for year_text, officers in row["years"].items():
            year = int(year_text)

            def resolve(name, year=year):
                return units_by_name.get(name) or province(name, year=year)

            members = [resolve(name) for name in row["members"]]
            current = set(Membership.objects.filter(group=group, year=year).values_list("unit_id", "role"))
            wanted_chair = resolve(officers["chair"]) if officers.get("chair") else None
            wanted_vice = resolve(officers["vice_chair"]) if officers.get("vice_chair") else None
            standing = resolve(officers["standing_agency"]) if officers.get("standing_agency") else None
            wanted = {
                (
                    u.pk,
                    MemberRole.CHAIR
                    if u == wanted_chair
                    else MemberRole.VICE_CHAIR
                    if u == wanted_vice
                    else MemberRole.MEMBER,
                )
                for u in members
            }
            if current != wanted:
                membership_set(
                    actor=None,
                    group=group,
                    year=year,
                    units=members,
                    chair=wanted_chair,
                    vice_chair=wanted_vice,
                    standing_agency=standing,
                )
    return groups


DEMO_PEOPLE = {
    "Lạng Sơn": [
        ("Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh", PersonCategory.LEADER),
        ("Nguyễn Thị Hương", "Trưởng phòng Thi đua - Khen thưởng", PersonCategory.LEADER),
        ("Hoàng Văn Páo", "Công nhân Công ty Môi trường đô thị", PersonCategory.DIRECT_WORKER),
        ("Lường Thị Mai", "Giáo viên mầm non xã biên giới", PersonCategory.DIRECT_WORKER),
    ],
    "Hà Giang": [
        ("Vàng Seo Dìn", "Nông dân sản xuất giỏi", PersonCategory.DIRECT_WORKER),
        ("Lò Thị Sinh", "Y sĩ trạm y tế xã", PersonCategory.DIRECT_WORKER),
    ],
    "Lào Cai": [
        ("Trịnh Xuân Trường", "Chủ tịch UBND tỉnh", PersonCategory.LEADER),
        ("Đặng Thị Hoa", "Công chức văn hóa xã", PersonCategory.OTHER),
    ],
    "Bình Phước": [("Trần Tuệ Hiền", "Chủ tịch UBND tỉnh", PersonCategory.LEADER)],
    "Bình Dương": [("Võ Văn Minh", "Chủ tịch UBND tỉnh", PersonCategory.LEADER)],
}

#: Member units whose staff and leader get demo accounts (by cluster/bloc member name).
ACCOUNT_UNITS = [
    "Lạng Sơn", "Lào Cai", "Hà Giang", "Cao Bằng", "Điện Biên", "Lai Châu", "Sơn La",
    "Bình Dương", "Bình Phước", "Đồng Nai", "Tây Ninh", "Bà Rịa - Vũng Tàu", "Bình Thuận", "Ninh Thuận",
]  # fmt: skip


_HASHED: dict[str, str] = {}


def _demo_password_hash() -> str:
    """Hash the shared demo password once per hasher (hashing ~40 accounts one by one takes seconds)."""
    algorithm = get_hasher().algorithm
    if algorithm not in _HASHED:
        _HASHED[algorithm] = make_password(DEMO_PASSWORD)
    return _HASHED[algorithm]


def _account(username, role, unit, first_name, last_name, position="") -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user:
        return user, False
    user = user_create(
        actor=None,
        username=username,
        password=DEMO_PASSWORD,
        password_hash=_demo_password_hash(),
        role=role,
        unit=unit,
        first_name=first_name,
        last_name=last_name,
        position=position,
        email=f"{username}@thidua.local",
    )
    return user, True


@transaction.atomic
def load_people_and_accounts() -> list[tuple[str, str, str]]:
    """Demo people and one account per role (and per member unit for signing). Returns (username, role, unit)."""
    for short_name, people in DEMO_PEOPLE.items():
        unit = province(short_name)
        for full_name, position, category in people:
            Person.objects.get_or_create(
                unit=unit, full_name=full_name, defaults={"position": position, "category": category}
            )
    accounts = [
        _account("admin", Role.ADMIN, None, "Quản trị", "hệ thống"),
        _account(
            "thamdinh.tw",
            Role.REVIEWER,
            Unit.objects.get(name="Ban Thi đua - Khen thưởng Trung ương"),
            "Phạm",
            "Thẩm định",
            "Chuyên viên Vụ Thi đua",
        ),
        _account(
            "thamdinh.bentre",
            Role.REVIEWER,
            Unit.objects.get(name="Ban Thi đua - Khen thưởng tỉnh Bến Tre"),
            "Lê",
            "Thẩm định",
            "Chuyên viên",
        ),
    ]
    for short_name in ACCOUNT_UNITS:
        unit = province(short_name)
        accounts.append(_account(f"canbo.{slug(short_name)}", Role.STAFF, unit, "Cán bộ", short_name, "Chuyên viên"))
        accounts.append(
            _account(f"lanhdao.{slug(short_name)}", Role.LEADER, unit, "Lãnh đạo", short_name, "Chủ tịch UBND tỉnh")
        )
    for name, username in [("Ban Nội chính Tỉnh ủy Bến Tre", "noichinh"), ("Báo Đồng Khởi", "baodongkhoi")]:
        unit = Unit.objects.get(name=name)
        accounts.append(_account(f"canbo.{username}", Role.STAFF, unit, "Cán bộ", unit.short_name, "Chuyên viên"))
        accounts.append(_account(f"lanhdao.{username}", Role.LEADER, unit, "Lãnh đạo", unit.short_name, "Trưởng ban"))
    return [(user.username, user.get_role_display(), str(user.unit or "—")) for user, _created in accounts]


def load_demo(*, stdout=None) -> list[tuple[str, str, str]]:
    load_provinces()
    load_groups()
    return load_people_and_accounts()
