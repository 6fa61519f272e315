"""Search is diacritic-insensitive: "lang son" finds Lạng Sơn, "dak lak" finds Đắk Lắk (PostgreSQL unaccent)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.demo.groups import load_groups
from clusters.demo.units import load_provinces
from clusters.models import Person, Unit
from tests.factories import AdminFactory, PersonFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces():
    load_provinces()


def _rows(response):
    return response.content.decode()


@pytest.mark.parametrize(
    "query, found, not_found",
    [
        ("lang son", "Tỉnh Lạng Sơn", "Tỉnh Lào Cai"),
        ("dak lak", "Tỉnh Đắk Lắk", "Tỉnh Đắk Nông"),
        ("LẠNG SƠN", "Tỉnh Lạng Sơn", "Tỉnh Lào Cai"),
        ("ba ria", "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Bình Dương"),
        ("thanh pho hue", "Thành phố Huế", "Tỉnh Quảng Trị"),
    ],
)
def test_the_unit_list_finds_provinces_typed_without_diacritics(login, provinces, query, found, not_found):
    client = login(StaffFactory())
    response = client.get(reverse("clusters:unit_list"), {"q": query})
    assert response.status_code == 200
    assert found in _rows(response)
    assert not_found not in _rows(response)


def test_the_cluster_list_finds_clusters_typed_without_diacritics(login, provinces):
    load_groups()
    client = login(StaffFactory())
    response = client.get(reverse("clusters:group_list"), {"q": "mien nui bien gioi", "year": 2023})
    body = _rows(response)
    assert "Cụm thi đua các tỉnh miền núi biên giới phía Bắc" in body
    assert "Cụm thi đua các tỉnh miền Đông Nam Bộ" not in body


def test_a_search_that_matches_nothing_says_so_in_vietnamese(login, provinces):
    client = login(StaffFactory())
    response = client.get(reverse("clusters:group_list"), {"q": "khong ton tai xyz"})
    assert "Không có cụm, khối nào phù hợp." in response.content.decode()


def test_the_people_list_finds_names_typed_without_diacritics(login):
    unit = UnitFactory()
    PersonFactory(unit=unit, full_name="Đặng Thị Hường")
    PersonFactory(unit=unit, full_name="Trần Văn Bình")
    client = login(StaffFactory(unit=unit))
    body = client.get(reverse("clusters:person_list"), {"q": "dang thi huong"}).content.decode()
    assert "Đặng Thị Hường" in body
    assert "Trần Văn Bình" not in body


# --- The stored folded name (issue 16: migration clusters.0014) ----------------------------------------------------
def test_a_persons_name_is_stored_folded_by_the_database_and_follows_a_rename():
    person = PersonFactory(full_name="Đặng Thị Hường")
    person.refresh_from_db()
    assert person.folded_name == "dang thi huong"
    Person.objects.filter(pk=person.pk).update(full_name="Võ Đức Thắng")  # raw SQL, an import: the database folds it
    person.refresh_from_db()
    assert person.folded_name == "vo duc thang"


def test_the_people_search_compares_the_stored_folded_name_not_the_name_folded_row_by_row(login):
    unit = UnitFactory()
    PersonFactory(unit=unit, full_name="Nguyễn Văn Đức")
    admin = AdminFactory()
    with CaptureQueriesContext(connection) as queries:
        body = login(admin).get(reverse("clusters:person_list"), {"q": "nguyen duc"}).content.decode()
    assert "Nguyễn Văn Đức" in body
    searched = [q["sql"] for q in queries.captured_queries if "nguyen" in q["sql"] and "clusters_person" in q["sql"]]
    assert searched
    assert all('"folded_name"' in sql for sql in searched)
    assert not any('THIDUA_FOLD("clusters_person"."full_name")' in sql for sql in searched)


# --- The stored folded unit name (issue 16: migration clusters.0019) --------------------------------------------
def test_a_units_name_is_stored_folded_by_the_database_and_follows_a_rename():
    unit = UnitFactory(name="Đài Phát thanh và Truyền hình tỉnh Quảng Ninh")
    unit.refresh_from_db()
    assert unit.folded_name == "dai phat thanh va truyen hinh tinh quang ninh"
    Unit.objects.filter(pk=unit.pk).update(
        name="Sở Tài chính tỉnh Đắk Lắk"
    )  # raw SQL, an import: the database folds it
    unit.refresh_from_db()
    assert unit.folded_name == "so tai chinh tinh dak lak"


def test_a_search_through_a_units_name_compares_its_stored_folded_name_not_every_name_folded_again(login):
    from tests.factories import ProposalFactory

    unit = UnitFactory(name="Đài Phát thanh và Truyền hình tỉnh Quảng Ninh")
    ProposalFactory(proposing_unit=unit, nominee_person=PersonFactory(unit=unit, full_name="Trần Văn Bình"))
    client = login(AdminFactory())
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("awards:proposal_list"), {"q": "truyen hinh quang ninh"}).content.decode()
    assert "Trần Văn Bình" in body
    searched = [q["sql"] for q in queries.captured_queries if "%quang%" in q["sql"] and "clusters_unit" in q["sql"]]
    assert searched
    assert all('"clusters_unit"."folded_name"' in sql for sql in searched)
    assert not any('THIDUA_FOLD("clusters_unit"."name")' in sql for sql in searched)


# --- Accounts' stored folded name, username and e-mail (issue 16: migration clusters.0021) ----------------------
def test_an_accounts_name_username_and_email_are_stored_folded_and_the_list_compares_them(login):
    from tests.factories import BoardAdminFactory, BoardFactory, LeaderFactory

    province = UnitFactory(name="Tỉnh Lạng Sơn")
    agency = UnitFactory(name="Sở Tư pháp tỉnh Lạng Sơn", parent=province)
    leader = LeaderFactory(unit=agency, username="Lanhdao.TuPhap", full_name="Đặng Thị Ánh", email="Anh@LangSon.vn")
    leader.refresh_from_db()
    assert (leader.folded_name, leader.folded_username, leader.folded_email) == (
        "dang thi anh",
        "lanhdao.tuphap",
        "anh@langson.vn",
    )
    client = login(BoardAdminFactory(unit=BoardFactory(parent=province)))
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clusters:account_list"), {"q": "ĐẶNG anh tuphap"}).content.decode()
    assert leader.username in body
    searched = [q["sql"] for q in queries.captured_queries if "%tuphap%" in q["sql"]]
    assert searched
    assert all('"clusters_user"."folded_username"' in sql for sql in searched)
    assert not any("THIDUA_FOLD(" in sql for sql in searched)


def test_a_reviewer_searching_a_units_name_looks_among_the_boards_units_alone(login, monkeypatch):
    """Issue 16: a word in many units' names of the country ("van") was compared through a join with every person;
    looked up among the units the reviewer reads, it is a short list of ids. Another province's unit of the same
    name never lends its people."""
    import clusters.search
    from tests.factories import BoardFactory, ReviewerFactory

    monkeypatch.setattr(clusters.search, "RELATED_LIST_UP_TO", 1)  # the country's two "Văn hóa" units are "many"
    province = UnitFactory(name="Tỉnh Lạng Sơn")
    inside = UnitFactory(name="Sở Văn hóa tỉnh Lạng Sơn", parent=province)
    outside = UnitFactory(name="Sở Văn hóa tỉnh Cao Bằng", parent=UnitFactory(name="Tỉnh Cao Bằng"))
    PersonFactory(unit=inside, full_name="Trần Thị Bình")
    PersonFactory(unit=inside, full_name="Lê Hoàng An")
    PersonFactory(unit=outside, full_name="Phạm Đức Cường")
    reviewer = ReviewerFactory(unit=BoardFactory(parent=province))
    with CaptureQueriesContext(connection) as queries:
        body = login(reviewer).get(reverse("clusters:person_list"), {"q": "van hoa"}).content.decode()
    assert "Lê Hoàng An" in body and "Trần Thị Bình" in body and "Phạm Đức Cường" not in body
    assert body.index("Lê Hoàng An") < body.index("Trần Thị Bình")  # by given name: An before Bình
    listed = [q["sql"] for q in queries.captured_queries if 'FROM "clusters_person"' in q["sql"]]
    assert listed
    assert not any('"clusters_unit"."folded_name"::text LIKE' in sql for sql in listed)


# --- Groups' stored folded names (issue 16: migration clusters.0023) ---------------------------------------------
def test_a_groups_names_are_stored_folded_and_the_groups_list_compares_them(login):
    from clusters.models import EmulationGroup
    from tests.factories import GroupFactory

    group = GroupFactory(name="Khối thi đua các Sở Văn hóa", short_name="Khối Văn hóa")
    EmulationGroup.objects.filter(pk=group.pk).update(name="Cụm thi đua Đồng bằng sông Hồng")  # the database folds it
    group.refresh_from_db()
    assert (group.folded_name, group.folded_short_name) == ("cum thi dua dong bang song hong", "khoi van hoa")
    client = login(StaffFactory())
    with CaptureQueriesContext(connection) as queries:
        found = client.get(reverse("clusters:group_list"), {"q": "dong bang"}).content.decode()
    assert "Cụm thi đua Đồng bằng sông Hồng" in found
    searched = [q["sql"] for q in queries.captured_queries if "%dong%" in q["sql"]]
    assert searched
    assert all('"clusters_emulationgroup"."folded_name"' in sql for sql in searched)
    assert not any("THIDUA_FOLD(" in sql for sql in searched)
    by_short_name = client.get(reverse("clusters:group_list"), {"q": "KHỐI văn"}).content.decode()
    assert "Cụm thi đua Đồng bằng sông Hồng" in by_short_name
    other = client.get(reverse("clusters:group_list"), {"q": "tu phap"}).content.decode()
    assert "Cụm thi đua Đồng bằng sông Hồng" not in other


# --- People's stored folded position (issue 16: migration clusters.0024) --------------------------------------------
def test_a_persons_position_is_stored_folded_and_the_people_search_compares_it(login):
    person = PersonFactory(full_name="Lò Văn Páo", position="Phó Trưởng phòng Đào tạo")
    person.refresh_from_db()
    assert person.folded_position == "pho truong phong dao tao"
    with CaptureQueriesContext(connection) as queries:
        body = login(AdminFactory()).get(reverse("clusters:person_list"), {"q": "ĐÀO TẠO"}).content.decode()
    assert "Lò Văn Páo" in body
    searched = [q["sql"] for q in queries.captured_queries if "%dao%" in q["sql"] and "clusters_person" in q["sql"]]
    assert searched
    assert all('"clusters_person"."folded_position"' in sql for sql in searched)
    assert not any('THIDUA_FOLD("clusters_person"."position")' in sql for sql in searched)


def test_a_word_in_many_units_names_is_matched_by_a_subquery_not_by_joining_every_unit(login, monkeypatch):
    """Issue 16: "van" is in over 1,000 unit names of the country: the admin's people search joined each person
    found with all 20,000 units to compare their names; the units with the word are now read once, by a
    subquery. Every person of such a unit is still found, and no other."""
    import clusters.search

    monkeypatch.setattr(clusters.search, "RELATED_LIST_UP_TO", 1)  # two "Văn hóa" units are "many"
    lang_son = UnitFactory(name="Sở Văn hóa tỉnh Lạng Sơn")
    cao_bang = UnitFactory(name="Sở Văn hóa tỉnh Cao Bằng")
    PersonFactory(unit=lang_son, full_name="Trần Thị Bình")
    PersonFactory(unit=cao_bang, full_name="Phạm Đức Cường")
    PersonFactory(unit=UnitFactory(name="Sở Tư pháp tỉnh Cao Bằng"), full_name="Lê Văn Dũng")
    with CaptureQueriesContext(connection) as queries:
        body = login(AdminFactory()).get(reverse("clusters:person_list"), {"q": "van hoa"}).content.decode()
    assert "Trần Thị Bình" in body and "Phạm Đức Cường" in body
    assert "Lê Văn Dũng" not in body  # "van" in his name, but "hoa" nowhere
    searched = queries.captured_queries
    listed = [q["sql"] for q in searched if 'FROM "clusters_person"' in q["sql"] and "%hoa%" in q["sql"]]
    assert listed
    assert all('IN (SELECT U0."id"' in sql for sql in listed)
    assert not any('JOIN "clusters_unit"' in sql for sql in listed)
