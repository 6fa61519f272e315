"""A board's jurisdiction and the one read rule of every role (issue 14 item 13): which units' data and which
groups' business each user reads."""

from __future__ import annotations

import datetime

import pytest

from clusters.models import Unit, UnitKind
from clusters.selectors.units import (
    in_jurisdiction,
    readable_groups,
    readable_units,
    reads_unit,
    units_in_jurisdiction,
)
from tests.factories import (
    AdminFactory,
    BoardFactory,
    GroupFactory,
    LeaderFactory,
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    """Two provinces with their boards, agencies, districts and communes, a province merged into the first in
    2025, and the central board."""
    central = BoardFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương")
    lam_dong = UnitFactory(name="Tỉnh Lâm Đồng")
    dak_nong = UnitFactory(
        name="Tỉnh Đắk Nông",
        active_to=datetime.date(2025, 6, 30),
        successor=lam_dong,
    )
    board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Lâm Đồng", parent=lam_dong)
    so_y_te = UnitFactory(kind=UnitKind.AGENCY, name="Sở Y tế Lâm Đồng", parent=lam_dong)
    phong = UnitFactory(kind=UnitKind.COLLECTIVE, name="Phòng Nghiệp vụ Y", parent=so_y_te)
    huyen = UnitFactory(kind=UnitKind.DISTRICT, name="Huyện Đắk Song", parent=dak_nong)
    xa = UnitFactory(kind=UnitKind.COMMUNE, name="Xã Trường Xuân", parent=huyen)
    to = UnitFactory(kind=UnitKind.COLLECTIVE, name="Tổ dân phố 1", parent=xa)
    gia_lai = UnitFactory(name="Tỉnh Gia Lai")
    gia_lai_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Gia Lai", parent=gia_lai)
    so_gia_lai = UnitFactory(kind=UnitKind.AGENCY, name="Sở Tài chính Gia Lai", parent=gia_lai)
    return locals()


def _names(units) -> set[str]:
    return set(units.values_list("name", flat=True))


def test_a_provincial_board_answers_for_its_province_the_provinces_merged_into_it_and_the_units_under_them(country):
    units = _names(units_in_jurisdiction(country["board"]))
    assert {
        "Tỉnh Lâm Đồng",
        "Tỉnh Đắk Nông",
        "Ban Thi đua - Khen thưởng tỉnh Lâm Đồng",
        "Sở Y tế Lâm Đồng",
        "Phòng Nghiệp vụ Y",
        "Huyện Đắk Song",
        "Xã Trường Xuân",
        "Tổ dân phố 1",
    } <= units
    assert not units & {"Tỉnh Gia Lai", "Sở Tài chính Gia Lai", "Ban Thi đua - Khen thưởng tỉnh Gia Lai"}
    assert in_jurisdiction(country["board"], country["to"])
    assert not in_jurisdiction(country["board"], country["so_gia_lai"])
    assert not in_jurisdiction(country["gia_lai_board"], country["so_y_te"])


def test_the_central_board_answers_for_every_unit(country):
    assert units_in_jurisdiction(country["central"]).count() == Unit.objects.count()
    assert in_jurisdiction(country["central"], country["so_gia_lai"])


def test_each_role_reads_the_units_the_rule_gives(country):
    board_reviewer = ReviewerFactory(unit=country["board"])
    group = GroupFactory(organizer=country["board"])
    MembershipFactory(group=group, unit=country["so_gia_lai"], year=2023)  # a member from another province
    assert reads_unit(board_reviewer, country["phong"])
    assert reads_unit(board_reviewer, country["so_gia_lai"])  # through the group its board organises
    assert not reads_unit(board_reviewer, country["gia_lai"])
    assert readable_units(ReviewerFactory(unit=country["central"])) is None  # every unit
    assert readable_units(AdminFactory()) is None
    staff = StaffFactory(unit=country["so_y_te"])
    assert _names(readable_units(staff)) == {"Sở Y tế Lâm Đồng", "Phòng Nghiệp vụ Y"}
    assert _names(readable_units(LeaderFactory(unit=country["gia_lai"]))) == {
        "Tỉnh Gia Lai",
        "Sở Tài chính Gia Lai",
        "Ban Thi đua - Khen thưởng tỉnh Gia Lai",  # the units directly inside the province
    }
    inactive = StaffFactory(unit=country["so_y_te"], is_active=False)
    assert not readable_units(inactive).exists()


def test_each_role_reads_the_business_of_the_groups_the_rule_gives(country):
    ours = GroupFactory(organizer=country["board"], name="Khối thi đua các sở Lâm Đồng")
    theirs = GroupFactory(organizer=country["gia_lai_board"], name="Khối thi đua các sở Gia Lai")
    national = GroupFactory(organizer=country["central"], name="Cụm thi đua Tây Nguyên")
    MembershipFactory(group=national, unit=country["lam_dong"], year=2023)
    MembershipFactory(group=ours, unit=country["so_y_te"], year=2023)
    assert _names(readable_groups(ReviewerFactory(unit=country["board"]))) == {"Khối thi đua các sở Lâm Đồng"}
    assert _names(readable_groups(ReviewerFactory(unit=country["central"]))) == {"Cụm thi đua Tây Nguyên"}
    assert _names(readable_groups(StaffFactory(unit=country["so_y_te"]))) == {"Khối thi đua các sở Lâm Đồng"}
    assert _names(readable_groups(StaffFactory(unit=country["lam_dong"]))) == {"Cụm thi đua Tây Nguyên"}
    assert readable_groups(AdminFactory()) is None
    assert theirs.name not in _names(readable_groups(ReviewerFactory(unit=country["board"])))


def test_the_unit_search_reads_the_short_names_through_a_trigram_index_not_folding_every_one():
    """Issue 16: the search ORs the stored folded name with the folded short name; without an index on the
    latter PostgreSQL folded every unit's short name for each query (20,157 at scale 10, ~50 ms twice a page)."""
    from django.db import connection

    from clusters.selectors.units import unit_list

    UnitFactory(name="Ủy ban nhân dân tỉnh Lạng Sơn", short_name="UBND Lạng Sơn")
    sql, params = unit_list(query="lang son").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of test rows: ask which index can answer
        # the search (a bitmap scan), not which index walks every unit in the list's order (unit_name_order)
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "unit_short_name_fold_trgm" in plan
    assert "unit_folded_name_trgm" in plan
    assert "UBND Lạng Sơn" in [u.short_name for u in unit_list(query="lang son")]
