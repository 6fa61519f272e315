"""People (and accounts) as one model of a human: the full name as written in Vietnamese order, the given name lists
sort by, gender for "Ông/Bà", date of birth, CCCD and civil-servant code unique where given; lists sorted as
Vietnamese lists are; the migration that rebuilt accounts' names from Django's first and last names."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from clusters.models import Gender, Person
from clusters.names import honorific
from clusters.selectors.people import person_list, unit_people
from tests.factories import AdminFactory, PersonFactory, StaffFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

names_migration = importlib.import_module("clusters.migrations.0010_vietnamese_names")


def _create(client, unit, **data):
    fields = {"full_name": "Nguyễn Thị Mai", "position": "Chuyên viên", "category": "direct_worker", **data}
    return client.post(reverse("clusters:person_create", args=[unit.pk]), fields)


def test_people_are_listed_by_given_name_in_the_vietnamese_alphabet_d_before_đ(login):
    unit = UnitFactory()
    for name in ["Trần Văn Hà", "Nguyễn Đình Đức", "Lê Văn Dũng", "Phạm Thị Bình", "Hoàng Thị An"]:
        PersonFactory(unit=unit, full_name=name)
    expected = ["Hoàng Thị An", "Phạm Thị Bình", "Lê Văn Dũng", "Nguyễn Đình Đức", "Trần Văn Hà"]
    assert [p.full_name for p in unit_people(unit=unit)] == expected
    assert [p.full_name for p in Person.objects.filter(unit=unit)] == expected  # the model's own order
    page = login(AdminFactory()).get(reverse("clusters:person_list")).content.decode()  # reads every unit
    assert [page.index(name) for name in expected] == sorted(page.index(name) for name in expected)


def test_people_with_the_same_given_name_are_listed_by_family_and_middle_names():
    unit = UnitFactory()
    for name in ["Trần Văn An", "Lê An", "Đỗ Thị An", "Dương Minh An"]:
        PersonFactory(unit=unit, full_name=name)
    listed = person_list(user=AdminFactory()).filter(unit=unit)
    assert [p.full_name for p in listed] == ["Dương Minh An", "Đỗ Thị An", "Lê An", "Trần Văn An"]


def test_the_given_name_is_the_last_word_unless_stated_and_spaces_are_tidied():
    derived = PersonFactory(full_name="  Nguyễn   Thị Minh  Khai ")
    stated = PersonFactory(full_name="Tôn Nữ Thị Ninh", given_name="Thị Ninh")
    assert (derived.full_name, derived.given_name) == ("Nguyễn Thị Minh Khai", "Khai")
    assert (stated.full_name, stated.given_name) == ("Tôn Nữ Thị Ninh", "Thị Ninh")


def test_the_honorific_follows_the_gender():
    assert honorific(Gender.MALE) == "Ông"
    assert honorific(Gender.FEMALE) == "Bà"
    assert honorific("") == "Ông (bà)"
    assert PersonFactory(gender=Gender.FEMALE).honorific == "Bà"


def test_a_person_is_added_with_gender_date_of_birth_and_identity_and_the_page_shows_them(login):
    unit = UnitFactory()
    client = login(StaffFactory(unit=unit))
    response = _create(
        client, unit, full_name="Nguyễn Đình Đức", gender="male", birth_date="05/03/1985",
        citizen_id="001085012345", civil_servant_code="CC-0101",
    )  # fmt: skip
    person = Person.objects.get(unit=unit)
    assert response.url == person.get_absolute_url()
    assert (person.given_name, person.birth_date, person.birth_year) == ("Đức", datetime.date(1985, 3, 5), 1985)
    page = client.get(person.get_absolute_url()).content.decode()
    for text in ["Nguyễn Đình Đức", "Nam", "05/03/1985", "CC-0101", "001085012345"]:
        assert text in page


def test_the_form_labels_are_vietnamese(login):
    unit = UnitFactory()
    page = login(StaffFactory(unit=unit)).get(reverse("clusters:person_create", args=[unit.pk])).content.decode()
    for label in ["Họ và tên", "Tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã số công chức, viên chức"]:
        assert label in page
    assert 'placeholder="nn/tt/nnnn"' in page  # the date of birth is typed dd/mm/yyyy


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"citizen_id": "12345"}, "Số CCCD gồm đúng 12 chữ số."),
        ({"citizen_id": "00108501234x"}, "Số CCCD gồm đúng 12 chữ số."),
        ({"citizen_id": "001085012345"}, "Số CCCD này đã có người dùng."),
        ({"civil_servant_code": "CC-0101"}, "Mã số công chức, viên chức này đã có người dùng."),
        ({"birth_date": "05/03/1985", "birth_year": "1990"}, "Năm sinh phải khớp với ngày sinh."),
        ({"birth_date": f"05/03/{datetime.date.today().year + 1}"}, "Ngày sinh không được ở tương lai."),
    ],
)
def test_a_wrong_or_taken_identity_is_refused_in_vietnamese(login, data, message):
    PersonFactory(citizen_id="001085012345", civil_servant_code="CC-0101")
    unit = UnitFactory()
    response = _create(login(StaffFactory(unit=unit)), unit, **data)
    assert message in response.content.decode()
    assert not unit.people.exists()


def test_the_citizen_id_and_code_are_unique_only_where_given_and_the_database_holds_it():
    PersonFactory(citizen_id="", civil_servant_code="")
    PersonFactory(citizen_id="", civil_servant_code="")  # any number of people without them
    PersonFactory(citizen_id="001085012345")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.bulk_create([Person(full_name="Lê Văn Tư", given_name="Tư", unit=UnitFactory(),
                                           citizen_id="001085012345")])  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.bulk_create([Person(full_name="Lê Văn Tư", unit=UnitFactory())])  # no given name


def test_renaming_a_person_takes_the_new_names_last_word_as_given_name(login):
    person = PersonFactory(full_name="Nguyễn Văn An")
    client = login(StaffFactory(unit=person.unit))
    data = {"full_name": "Nguyễn Văn Bình", "given_name": "An", "category": "other", "is_active": "on"}
    client.post(reverse("clusters:person_update", args=[person.pk]), data)
    person.refresh_from_db()
    assert (person.full_name, person.given_name) == ("Nguyễn Văn Bình", "Bình")


def test_an_account_has_the_same_name_fields_and_shows_its_full_name():
    user = UserFactory(full_name="Trần Thị Bích Ngọc", gender=Gender.FEMALE)
    assert (user.display_name(), user.get_full_name(), user.get_short_name()) == ("Trần Thị Bích Ngọc",) * 2 + ("Ngọc",)
    assert UserFactory(username="dichvu", full_name="").display_name() == "dichvu"


@pytest.mark.parametrize(
    ("first_name", "last_name", "full_name"),
    [
        ("Đức", "Nguyễn Đình", "Nguyễn Đình Đức"),  # entered in Django's admin: Tên, Họ
        ("Nguyễn Văn", "An", "Nguyễn Văn An"),  # entered by the app: family and middle names first
        ("Mai", "Trần Thị", "Trần Thị Mai"),  # a given name that is also a family name
        ("Hà Thị", "Mai", "Hà Thị Mai"),
        ("Cán bộ", "Lạng Sơn", "Cán bộ Lạng Sơn"),  # no family name: kept as it read
        ("", " Quản trị ", "Quản trị"),
        ("", "", ""),
    ],
)
def test_the_migration_rebuilds_an_accounts_full_name_in_vietnamese_order(first_name, last_name, full_name):
    assert names_migration.full_name_from_parts(first_name, last_name) == full_name


def test_a_boards_reviewer_lists_its_units_people_matched_by_unit_ids_not_a_subquery_over_every_person(login):
    """Issue 16: the province's units are listed first (one small query) so that their people are fetched through
    the unit index; a subquery made PostgreSQL hash every person of the country (575 ms for a deep page at scale
    10). The list still holds the province's people and no one else's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import BoardFactory, ReviewerFactory

    province = UnitFactory(name="Tỉnh Lạng Sơn")
    board = BoardFactory(parent=province)
    inside = UnitFactory(name="Sở Tư pháp tỉnh Lạng Sơn", parent=province)
    PersonFactory(unit=inside, full_name="Hoàng Văn Thụ")
    PersonFactory(unit=UnitFactory(name="Tỉnh Cao Bằng"), full_name="Bế Văn Đàn")
    reviewer = ReviewerFactory(unit=board)
    with CaptureQueriesContext(connection) as queries:
        body = login(reviewer).get(reverse("clusters:person_list")).content.decode()
    assert "Hoàng Văn Thụ" in body
    assert "Bế Văn Đàn" not in body
    listed = [q["sql"] for q in queries.captured_queries if 'FROM "clusters_person"' in q["sql"]]
    assert listed
    assert not any('"unit_id" IN (SELECT' in sql for sql in listed)
