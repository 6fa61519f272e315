"""Demo accounts: one per role, and a staff and a leader account per member unit that signs (all with the
password `DEMO_PASSWORD`), and `load_demo`, the whole organisation demo in dependency order. Idempotent.
"""

from __future__ import annotations

import re

from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction

from ..models import Gender, Role, Unit, User
from ..search import fold
from ..services.accounts import user_create
from .groups import load_groups
from .people import load_people
from .units import load_provinces, province

DEMO_PASSWORD = "thidua2025"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


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


def _account(username, role, unit, full_name, gender="", position="") -> tuple[User, bool]:
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
        full_name=full_name,
        gender=gender,
        position=position,
        email=f"{username}@thidua.local",
    )
    return user, True


@transaction.atomic
def load_accounts() -> list[tuple[str, str, str]]:
    """One account per role (and per member unit for signing). Returns (username, role, unit)."""
    accounts = [
        _account("admin", Role.ADMIN, None, "Quản trị hệ thống"),
        _account(
            "thamdinh.tw",
            Role.REVIEWER,
            Unit.objects.get(name="Ban Thi đua - Khen thưởng Trung ương"),
            "Phạm Thị Thu Thảo",
            Gender.FEMALE,
            "Chuyên viên Vụ Thi đua",
        ),
        _account(
            "thamdinh.bentre",
            Role.REVIEWER,
            Unit.objects.get(name="Ban Thi đua - Khen thưởng tỉnh Bến Tre"),
            "Lê Văn Định",
            Gender.MALE,
            "Chuyên viên",
        ),
        _account(  # manages the accounts of Bến Tre's units in the app
            "quantri.bentre",
            Role.BOARD_ADMIN,
            Unit.objects.get(name="Ban Thi đua - Khen thưởng tỉnh Bến Tre"),
            "Trần Thị Quản Trị",
            Gender.FEMALE,
            "Quản trị hệ thống của Ban",
        ),
    ]
    for short_name in ACCOUNT_UNITS:
        unit = province(short_name)
        staff_name = f"Cán bộ {short_name}"
        accounts.append(_account(f"canbo.{slug(short_name)}", Role.STAFF, unit, staff_name, "", "Chuyên viên"))
        accounts.append(
            _account(
                f"lanhdao.{slug(short_name)}", Role.LEADER, unit, f"Lãnh đạo {short_name}", "", "Chủ tịch UBND tỉnh"
            )
        )
    for name, username in [("Ban Nội chính Tỉnh ủy Bến Tre", "noichinh"), ("Báo Đồng Khởi", "baodongkhoi")]:
        unit = Unit.objects.get(name=name)
        staff_name, leader_name = f"Cán bộ {unit.short_name}", f"Lãnh đạo {unit.short_name}"
        accounts.append(_account(f"canbo.{username}", Role.STAFF, unit, staff_name, "", "Chuyên viên"))
        accounts.append(_account(f"lanhdao.{username}", Role.LEADER, unit, leader_name, "", "Trưởng ban"))
    return [(user.username, user.get_role_display(), str(user.unit or "—")) for user, _created in accounts]


def load_demo(*, stdout=None) -> list[tuple[str, str, str]]:
    """The organisation demo: units, groups, people, accounts. Returns the accounts as (username, role, unit)."""
    load_provinces()
    load_groups()
    load_people()
    return load_accounts()
