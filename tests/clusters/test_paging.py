"""The one paginator of the list pages (clusters.web.paginate): a bounded count ("hơn ... kết quả"), numbered pages
within it, and past it "trang sau / trang trước" links by cursor that reach any depth at the cost of the first
page; a cursor changed by hand is a bad request. And the accent-insensitive search answered by its indexes."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from clusters.models import Person
from clusters.search import search
from clusters.selectors.people import person_list
from clusters.web import paginate
from tests.factories import AdminFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

NAMES = ["An", "Bình", "Châu", "Dũng", "Đức", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam", "Oanh", "Phúc"]


@pytest.fixture
def people(settings):
    """39 people of one unit, three per given name, a count bound of 10 and pages of 4."""
    settings.PAGE_COUNT_BOUND = 10
    settings.PAGE_SIZE = 4
    unit = UnitFactory(name="Sở Thử Phân Trang")
    for name in NAMES:
        for middle in ("Văn", "Thị", "Hữu"):
            PersonFactory(unit=unit, full_name=f"Nguyễn {middle} {name}")
    return list(person_list(user=AdminFactory()))


def _page(**params):
    return paginate(RequestFactory().get("/ca-nhan/", params), person_list(user=AdminFactory()))


def _next(page):
    return _page(sau=page.next_cursor) if page.next_cursor else _page(page=page.next_page_number())


def test_a_page_past_the_counted_rows_is_the_last_counted_one_and_says_there_are_more(people):
    page = _page(page=99999)
    assert (page.number, page.paginator.num_pages, page.more) == (2, 2, True)
    assert list(page) == people[4:8]
    assert page.has_next() and page.next_cursor and page.next_page_number() is None


def test_following_the_next_links_walks_the_whole_list_in_order_once(people):
    page, seen = _page(), []
    while True:
        seen += list(page)
        if not page.has_next():
            break
        page = _next(page)
    assert seen == people


def test_the_previous_link_of_a_cursor_page_goes_back_to_the_rows_before_it(people):
    deep = _page(sau=_page(sau=_page(page=2).next_cursor).next_cursor)  # rows 12 to 15
    assert list(deep) == people[12:16] and deep.number is None
    back = _page(truoc=deep.previous_cursor)
    assert list(back) == people[8:12] and back.has_previous() and back.has_next()
    first = _page(truoc=_page(truoc=back.previous_cursor).previous_cursor)
    assert first.number == 1 and list(first) == people[:4] and not first.has_previous()


def test_a_short_list_is_counted_exactly_and_numbered(settings):
    settings.PAGE_SIZE = 4
    unit = UnitFactory()
    for name in NAMES[:6]:
        PersonFactory(unit=unit, full_name=f"Lê Văn {name}")
    page = _page(page=2)
    assert (page.paginator.count, page.paginator.num_pages, page.more, len(page)) == (6, 2, False, 2)
    assert page.has_previous() and not page.has_next()


def test_the_list_page_shows_more_than_the_bound_and_links_on_by_cursor(people, login):
    client = login(AdminFactory())
    html = client.get(reverse("clusters:person_list"), {"page": 2}).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Hơn 10 kết quả" in text and "Trang 2" in text and "Trang 2/" not in text
    (link,) = re.findall(r'rel="next" href="\?([^"]*)"', html)
    assert link.startswith("sau=") and "page=" not in link
    following = client.get(reverse("clusters:person_list") + "?" + link.replace("&amp;", "&"))
    assert following.status_code == 200
    assert people[8].full_name in following.content.decode()
    assert 'rel="prev" href="?truoc=' in following.content.decode()


@pytest.mark.parametrize("cursor", ["abc", "W1siTmFtIl1d:1tampered:sig", ""])
def test_a_cursor_changed_by_hand_is_a_bad_request(people, login, cursor):
    client = login(AdminFactory())
    url = reverse("clusters:person_list")
    good = _page(page=2).next_cursor
    tampered = cursor or good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    assert client.get(url, {"sau": tampered}).status_code == 400
    assert client.get(url, {"truoc": tampered}).status_code == 400


def test_a_cursor_of_another_page_is_refused(people, login):
    cursor = paginate(RequestFactory().get("/don-vi/", {"page": 2}), person_list(user=AdminFactory())).next_cursor
    assert login(AdminFactory()).get(reverse("clusters:person_list"), {"sau": cursor}).status_code == 400


# --- Search through the indexes --------------------------------------------------------------------------------
def test_the_search_still_ignores_diacritics_and_finds_people_by_unit_and_position():
    unit = UnitFactory(name="Sở Giáo dục Lạng Sơn")
    by_name = PersonFactory(full_name="Đặng Thị Ánh", unit=UnitFactory())
    by_unit = PersonFactory(full_name="Phạm Văn Bảy", unit=unit)
    by_position = PersonFactory(full_name="Lý Văn Cường", position="Trưởng phòng Đào tạo", unit=UnitFactory())
    people = Person.objects.all()
    assert list(search(people, "dang thi anh", "full_name", "position", "unit__name")) == [by_name]
    assert list(search(people, "lang son", "full_name", "position", "unit__name")) == [by_unit]
    assert list(search(people, "dao tao", "full_name", "position", "unit__name")) == [by_position]
    assert list(search(people, "bay giao duc", "full_name", "position", "unit__name")) == [by_unit]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.parametrize("index", ["person_folded_name_trgm", "person_folded_position_trgm"])
def test_the_people_search_is_answered_by_the_trigram_indexes(index):
    for n in range(30):
        PersonFactory(full_name=f"Trần Văn Thử {n}", position="Chuyên viên")
    people = search(Person.objects.order_by(), "nguyen", "full_name", "position", "unit__name")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = people.explain()
    assert index in plan


@pytest.mark.parametrize("by_id", [False, True], ids=["rows filtered", "rows read by id"])
def test_a_list_ordered_both_ways_is_walked_by_cursor_in_its_order(settings, by_id):
    """The award history: year newest first, award rank highest first, id ascending (two directions: the cursor's
    condition spelled out, its leading terms one row comparison). The same with the deep pages' rows read by id
    alone (`read_rows`, as the award-record list does): the same rows, and the last counted page's cursor."""
    from awards.models import AwardRecord
    from awards.selectors.records import award_records, records_by_id
    from tests.factories import AwardRecordFactory, award_type

    settings.PAGE_COUNT_BOUND, settings.PAGE_SIZE = 6, 3
    kinds = [award_type("LAO_DONG_TIEN_TIEN"), award_type("BANG_KHEN_CAP_TINH"), award_type("GIAY_KHEN")]
    for year in (2021, 2022, 2023):
        for kind in kinds:
            AwardRecordFactory(year=year, award_type=kind)
            AwardRecordFactory(year=year, award_type=kind)
    expected = sorted(AwardRecord.objects.all(), key=lambda r: (-r.year, -r.award_type.rank, r.pk))
    records = award_records(user=AdminFactory())
    read_rows = records_by_id if by_id else None
    page = paginate(RequestFactory().get("/khen-thuong/da-khen/"), records, read_rows=read_rows)
    seen = []
    while True:
        seen += [record.pk for record in page]
        if not page.has_next():
            break
        params = {"sau": page.next_cursor} if page.next_cursor else {"page": page.next_page_number()}
        page = paginate(RequestFactory().get("/khen-thuong/da-khen/", params), records, read_rows=read_rows)
    assert seen == [record.pk for record in expected]
    back = paginate(RequestFactory().get("/khen-thuong/da-khen/", {"truoc": page.previous_cursor}), records)
    assert [record.pk for record in back] == seen[-6:-3]
