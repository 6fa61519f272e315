"""The organisation part of the national-scale data set (see `emulation.scale` and
`manage.py generate_scale_data`): provinces with their 2025 lineage (the real fixtures), one
emulation board per province, agencies, people, clusters and blocs with ten years of membership,
chair and vice-chair terms, and the accounts that sign pledges and review proposals.

Everything is drawn from one `random.Random(seed)`, so the same seed and scale give the same data.
Sizes at scale 1 follow issue 6: 2,000 agencies, 150 clusters/blocs, 200,000 people, ten years (2016-2025);
at scale 10 (issue 16) ten times as many and twenty years of history (2006-2025, `years_for`). Rows are
streamed into COPY, and the people are kept as plain ids (`Organisation.people_by_unit`), so memory stays
bounded at millions of rows.
"""

from __future__ import annotations

import datetime
import random
from array import array
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from .bulk import copy_rows, reserve_ids
from .demo import accounts as demo_accounts
from .demo import groups as demo_groups
from .demo import units as demo_units
from .models import (
    EmulationGroup,
    GroupKind,
    MemberRole,
    Membership,
    Person,
    PersonCategory,
    Role,
    Unit,
    UnitKind,
    User,
)

FIRST_YEAR = 2016
LAST_YEAR = 2025
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))  # at scale 1
#: Years of history at scale 10 and above (issue 16); ten at scale 1 and below, in between in proportion.
MOST_YEARS = 20
PASSWORD = demo_accounts.DEMO_PASSWORD
CENTRAL_BOARD = "Ban Thi đua - Khen thưởng Trung ương"
#: The generated accounts' position by role (the others: "Chuyên viên").
POSITIONS = {Role.LEADER: "Lãnh đạo đơn vị", Role.BOARD_ADMIN: "Quản trị hệ thống của Ban"}

AGENCY_KINDS = [
    "Văn phòng UBND", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
    "Sở Tư pháp", "Thanh tra tỉnh", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình", "Trường Cao đẳng", "Bệnh viện Đa khoa", "Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "Báo", "Liên đoàn Lao động", "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Ủy ban Mặt trận Tổ quốc", "Công an",
    "Bộ Chỉ huy Quân sự", "Kho bạc Nhà nước khu vực", "Thuế", "Bảo hiểm xã hội", "Ngân hàng Chính sách xã hội",
]  # fmt: skip
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Lò", "Hà", "Vàng", "Triệu"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân", "Hồng", "Kim", "Seo", "Công"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiền", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang",
         "Trung", "Tuấn", "Vân", "Yến", "Páo", "Dìn", "Sinh"]  # fmt: skip
POSITIONS = {
    PersonCategory.LEADER: ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng"],
    PersonCategory.DIRECT_WORKER: ["Giáo viên", "Bác sĩ", "Điều dưỡng", "Công nhân", "Kỹ thuật viên", "Nhân viên"],
    PersonCategory.OTHER: ["Chuyên viên", "Chuyên viên chính", "Cán sự", "Kế toán", "Văn thư"],
}


def scaled(full: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(full * scale))


def years_for(scale: float) -> list[int]:
    """The years of history: 2016-2025 up to scale 1, growing to 2006-2025 at scale 10."""
    extra = round((MOST_YEARS - len(YEARS)) * min(1.0, max(0.0, (scale - 1) / 9)))
    return list(range(FIRST_YEAR - extra, LAST_YEAR + 1))


@dataclass
class Organisation:
    """What the later phases need: ids and the membership plan, all in deterministic order."""

    stamp: datetime.datetime
    central_board_id: int
    provinces: list[int]  # pre-merger provinces, by code
    successor_of: dict[int, int]  # pre-merger province → the unit in force after 1/7/2025
    agencies: list[int]
    years: list[int] = field(default_factory=lambda: list(YEARS))
    person_ids: range = range(0)
    people_by_unit: dict[int, array] = field(default_factory=dict)  # unit id → its people's ids, in order
    groups: list[int] = field(default_factory=list)
    group_names: dict[int, str] = field(default_factory=dict)
    blocs: set[int] = field(default_factory=set)  # the groups that are blocs (of a province's agencies)
    # (group id, year) → [(unit id, role)], chair first
    members: dict[tuple[int, int], list[tuple[int, str]]] = field(default_factory=dict)
    leader_of: dict[int, int] = field(default_factory=dict)  # unit id → leader user id
    counts: dict[str, int] = field(default_factory=dict)


def _board_name(province: Unit) -> str:
    return f"Ban Thi đua - Khen thưởng {province.name[0].lower()}{province.name[1:]}"


def load_organisation(*, rng: random.Random, scale: float, stamp: datetime.datetime, log) -> Organisation:
    """Provinces (fixtures), boards, agencies, people, groups, memberships and accounts."""
    years = years_for(scale)
    before = demo_units.load_provinces()
    demo_groups.load_groups()  # the seeds' real clusters and blocs, 2022-2024
    provinces = sorted(before.values(), key=lambda u: u.code)
    successor_of = {p.pk: p.successor_id or p.pk for p in provinces}
    central = Unit.objects.get(name=CENTRAL_BOARD)
    log("provinces before 1/7/2025", len(provinces))
    log("provinces from 1/7/2025", len(set(successor_of.values())))

    # One emulation board per pre-merger province (the fixtures already have some).
    boards = {u.parent_id: u.pk for u in Unit.objects.filter(kind=UnitKind.BOARD)}
    missing = [p for p in provinces if p.pk not in boards]
    ids = reserve_ids(Unit, len(missing))
    copy_rows(
        Unit,
        (
            {"id": i, "kind": UnitKind.BOARD, "name": _board_name(p), "short_name": f"Ban TĐKT {p.short_name}",
             "parent_id": p.pk, "is_remote": p.is_remote}
            for i, p in zip(ids, missing, strict=True)
        ),
        fields=["id", "kind", "name", "short_name", "parent_id", "is_remote"],
        stamp=stamp,
    )  # fmt: skip
    boards.update({p.pk: i for i, p in zip(ids, missing, strict=True)})
    log("boards", len(boards) + 1)

    # Groups: clusters of provinces organised by the central board, blocs of a province's agencies
    # organised by that province's board.
    group_count = scaled(150, scale, minimum=2)
    cluster_count = max(1, min(10, round(group_count * 10 / 150)))
    bloc_count = group_count - cluster_count
    shuffled = provinces[:]
    rng.shuffle(shuffled)
    cluster_members, start = [], 0
    for _i in range(cluster_count):
        size = rng.randint(5, 8)
        chunk = shuffled[start : start + size] or rng.sample(provinces, size)
        cluster_members.append([p.pk for p in chunk])
        start += size
    bloc_provinces = [shuffled[i % len(shuffled)] for i in range(bloc_count)]
    weights = [rng.uniform(0.6, 1.6) for _b in range(bloc_count)]
    agency_count = scaled(2000, scale, minimum=2 * bloc_count)
    sizes = [max(2, int(agency_count * w / sum(weights))) for w in weights]
    for i in range(agency_count - sum(sizes)):  # what the rounding down left, one more each
        sizes[i % bloc_count] += 1

    agency_rows, bloc_agencies = [], []
    agency_ids = reserve_ids(Unit, sum(sizes))
    cursor = 0
    per_province: dict[int, int] = {}
    for province, size in zip(bloc_provinces, sizes, strict=True):
        members = []
        for _k in range(size):
            n = per_province.get(province.pk, 0)
            per_province[province.pk] = n + 1
            kind_name = AGENCY_KINDS[n % len(AGENCY_KINDS)]
            round_no = n // len(AGENCY_KINDS)
            suffix = f" số {round_no + 1}" if round_no else ""
            unit_id = agency_ids[cursor]
            cursor += 1
            agency_rows.append(
                {
                    "id": unit_id,
                    "kind": UnitKind.AGENCY,
                    "name": f"{kind_name}{suffix} {province.name[0].lower()}{province.name[1:]}",
                    "short_name": f"{kind_name}{suffix}",
                    "code": f"CQ{province.code}{n + 1:03d}",
                    "parent_id": province.pk,
                    "is_remote": province.is_remote,
                }
            )
            members.append(unit_id)
        bloc_agencies.append(members)
    copy_rows(
        Unit,
        agency_rows,
        fields=["id", "kind", "name", "short_name", "code", "parent_id", "is_remote"],
        stamp=stamp,
    )
    log("agencies", len(agency_rows))

    group_ids = reserve_ids(EmulationGroup, cluster_count + bloc_count)
    group_rows = []
    for i, members in enumerate(cluster_members):
        group_rows.append(
            {
                "id": group_ids[i],
                "kind": GroupKind.CLUSTER,
                "name": f"Cụm thi đua các tỉnh, thành phố số {i + 1}",
                "short_name": f"Cụm số {i + 1}",
                "organizer_id": central.pk,
                "description": f"Cụm {len(members)} tỉnh, thành phố do Hội đồng TĐKT Trung ương tổ chức.",
            }
        )
    bloc_number: dict[int, int] = {}
    for j, province in enumerate(bloc_provinces):
        bloc_number[province.pk] = bloc_number.get(province.pk, 0) + 1
        group_rows.append(
            {
                "id": group_ids[cluster_count + j],
                "kind": GroupKind.BLOC,
                "name": f"Khối thi đua số {bloc_number[province.pk]} {province.name[0].lower()}{province.name[1:]}",
                "short_name": f"Khối {bloc_number[province.pk]} ({province.short_name})",
                "organizer_id": boards[province.pk],
                "description": "Khối các sở, ban, ngành, đoàn thể của tỉnh.",
            }
        )
    copy_rows(
        EmulationGroup,
        group_rows,
        fields=["id", "kind", "name", "short_name", "organizer_id", "description"],
        stamp=stamp,
    )
    log("groups", len(group_rows))

    org = Organisation(
        stamp=stamp,
        central_board_id=central.pk,
        provinces=[p.pk for p in provinces],
        successor_of=successor_of,
        agencies=[row["id"] for row in agency_rows],
        years=years,
        groups=group_ids,
        group_names={row["id"]: row["name"] for row in group_rows},
    )

    # Ten (to twenty) years of membership. Members rotate the chair; the vice-chair is next year's chair; a
    # bloc's standing agency is its chair. An ordinary member sits out a year now and then. After the 2025
    # merger a cluster's members are the provinces in force (the successors).
    blocs = org.blocs = set(group_ids[cluster_count:])

    def membership_rows():
        for group_id, base in zip(group_ids, cluster_members + bloc_agencies, strict=True):
            is_bloc = group_id in blocs
            offset = rng.randrange(len(base))
            for year in years:
                units = base
                if not is_bloc and year >= 2025:
                    units = list(dict.fromkeys(successor_of[u] for u in base))
                n = len(units)
                chair = units[(year - FIRST_YEAR + offset) % n]
                vice = units[(year - FIRST_YEAR + offset + 1) % n] if n > 1 else None
                plan = [(chair, MemberRole.CHAIR)]
                if vice is not None:
                    plan.append((vice, MemberRole.VICE_CHAIR))
                for unit_id in units:
                    if unit_id in (chair, vice):
                        continue
                    if rng.random() < 0.05:  # sits out this year
                        continue
                    plan.append((unit_id, MemberRole.MEMBER))
                org.members[(group_id, year)] = plan
                for unit_id, role in plan:
                    yield {
                        "group_id": group_id,
                        "unit_id": unit_id,
                        "year": year,
                        "role": role,
                        "is_standing_agency": is_bloc and role == MemberRole.CHAIR,
                    }

    count = copy_rows(
        Membership,
        membership_rows(),
        fields=["group_id", "unit_id", "year", "role", "is_standing_agency"],
        stamp=stamp,
    )
    log("memberships", count)

    # People: 200,000 at scale 1, in the agencies (most) and the provinces.
    people_count = scaled(200_000, scale)
    person_ids = reserve_ids(Person, people_count)
    org.person_ids = person_ids
    homes = org.agencies + org.provinces
    categories = [PersonCategory.LEADER, PersonCategory.DIRECT_WORKER, PersonCategory.OTHER]

    def person_rows():
        for person_id in person_ids:
            unit_id = rng.choice(org.agencies) if rng.random() < 0.9 else rng.choice(homes)
            category = rng.choices(categories, weights=[15, 45, 40])[0]
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            if unit_id not in org.people_by_unit:
                org.people_by_unit[unit_id] = array("q")
            org.people_by_unit[unit_id].append(person_id)
            yield {
                "id": person_id,
                "full_name": name,
                "given_name": name.rsplit(" ", 1)[1],
                "unit_id": unit_id,
                "position": rng.choice(POSITIONS[category]),
                "category": category,
                "birth_year": rng.randint(1962, 2001),
                "is_ethnic_minority": rng.random() < 0.1,
                "is_active": rng.random() < 0.97,
            }

    PERSON_FIELDS = ["id", "full_name", "given_name", "unit_id", "position", "category", "birth_year",
                     "is_ethnic_minority", "is_active"]  # fmt: skip
    count = copy_rows(Person, person_rows(), fields=PERSON_FIELDS, stamp=stamp)
    log("people", count)

    # Accounts: a leader and a staff member for every member unit, a reviewer and an administrator per board, one
    # admin.
    password = make_password(PASSWORD)
    member_units = sorted({u for plan in org.members.values() for u, _r in plan})
    codes = dict(Unit.objects.filter(pk__in=member_units).values_list("pk", "code"))
    user_rows = []
    wanted = [(u, role) for u in member_units for role in (Role.LEADER, Role.STAFF)]
    wanted += [(b, role) for b in [central.pk, *sorted(boards.values())] for role in (Role.REVIEWER, Role.BOARD_ADMIN)]
    province_code = {p.pk: p.code for p in provinces}
    board_province = {board: province_code[province] for province, board in boards.items()}
    taken = set(User.objects.values_list("username", flat=True))
    user_ids = reserve_ids(User, len(wanted) + 1)
    prefix = {Role.LEADER: "lanhdao", Role.STAFF: "canbo", Role.REVIEWER: "thamdinh", Role.BOARD_ADMIN: "quantri"}
    for user_id, (unit_id, role) in zip(user_ids, wanted, strict=False):
        code = (codes.get(unit_id) or f"u{unit_id}").lower()
        if role in (Role.REVIEWER, Role.BOARD_ADMIN):
            code = "tw" if unit_id == central.pk else f"ban{board_province[unit_id]}"
        username = f"sd.{prefix[role]}.{code}"
        if username in taken:
            continue
        user_rows.append(
            {"id": user_id, "username": username, "password": password, "role": role, "unit_id": unit_id,
             "full_name": f"{prefix[role].capitalize()} {code.upper()}", "given_name": code.upper(),
             "email": f"{username}@thidua.local",
             "position": POSITIONS.get(role, "Chuyên viên"), "date_joined": stamp,
             "is_active": True, "is_staff": False, "is_superuser": False}
        )  # fmt: skip
        if role == Role.LEADER:
            org.leader_of[unit_id] = user_id
    if "sd.admin" not in taken:
        user_rows.append(
            {"id": user_ids[-1], "username": "sd.admin", "password": password, "role": Role.ADMIN, "unit_id": None,
             "full_name": "Quản trị hệ thống", "given_name": "thống", "email": "sd.admin@thidua.local", "position": "",
             "date_joined": stamp, "is_active": True, "is_staff": True, "is_superuser": True}
        )  # fmt: skip
    copy_rows(
        User,
        user_rows,
        fields=["id", "username", "password", "role", "unit_id", "full_name", "given_name", "email", "position",
                "date_joined", "is_active", "is_staff", "is_superuser"],
        stamp=stamp,
    )  # fmt: skip
    if not org.leader_of:  # run again on a loaded database: find the accounts
        org.leader_of = dict(
            User.objects.filter(role=Role.LEADER, username__startswith="sd.").values_list("unit_id", "pk")
        )
    log("users", len(user_rows))
    return org


def generation_stamp(year: int = LAST_YEAR) -> datetime.datetime:
    """A fixed timestamp for created/updated columns, so the data does not depend on the clock."""
    return timezone.make_aware(datetime.datetime(year, 12, 1, 8, 0))


def board_ids() -> list[int]:
    """The central board and every emulation board, by id."""
    boards = Unit.objects.filter(Q(kind=UnitKind.BOARD) | Q(name=CENTRAL_BOARD)).order_by("pk")
    return list(boards.values_list("pk", flat=True))


def account_of(role: str) -> dict[int, int]:
    """unit id → the first generated account of `role` in it."""
    found: dict[int, int] = {}
    for unit_id, user_id in (
        User.objects.filter(role=role, username__startswith="sd.").order_by("pk").values_list("unit_id", "pk")
    ):
        found.setdefault(unit_id, user_id)
    return found


def load_samples(*, org: Organisation, log) -> None:
    """The few objects of the organisation's pages the bulk data lacks (issue 16: every GET page measured): one
    webhook receiver per board, registered by the board's administrator."""
    from .models import WebhookReceiver

    admins = account_of(Role.BOARD_ADMIN)
    rows = [
        {"board_id": board, "name": "Hệ thống quản lý văn bản của Ban", "url": f"https://vanban.example.vn/thidua/{board}",
         "events": ["decision.issued"], "secret": f"bi-mat-{board:08d}-khong-dung-that", "created_by_id": admins[board]}
        for board in board_ids() if board in admins
    ]  # fmt: skip
    log("webhook receivers", copy_rows(WebhookReceiver, rows, fields=list(rows[0]), stamp=org.stamp) if rows else 0)
