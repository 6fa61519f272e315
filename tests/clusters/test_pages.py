"""Organisation pages: the cluster list by year with pagination, a cluster's year (members, chair, vice-chair, history),
the unit page (memberships by year, lineage across the 2025 merger, people) and the forms' Vietnamese errors."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from clusters.models import MemberRole, Membership, Unit
from clusters.services.audit import record_audit
from tests.factories import (
    AdminFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    make_group_year,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_cluster_list_shows_each_years_chair_and_vice_chair(login):
    group = GroupFactory(name="Cụm thi đua Duyên hải")
    a, b, c = UnitFactory(name="Tỉnh An"), UnitFactory(name="Tỉnh Bình"), UnitFactory(name="Tỉnh Cường")
    MembershipFactory(group=group, unit=a, year=2022, role=MemberRole.CHAIR)
    MembershipFactory(group=group, unit=b, year=2022, role=MemberRole.VICE_CHAIR)
    MembershipFactory(group=group, unit=b, year=2023, role=MemberRole.CHAIR)
    MembershipFactory(group=group, unit=c, year=2023, role=MemberRole.VICE_CHAIR)
    MembershipFactory(group=group, unit=a, year=2023)
    client = login(StaffFactory())
    body_2022 = _text(client.get(reverse("clusters:group_list"), {"year": 2022}))
    body_2023 = _text(client.get(reverse("clusters:group_list"), {"year": 2023}))
    assert "Cụm, khối thi đua năm 2022" in body_2022
    assert "Tỉnh Cường" not in body_2022 and "Tỉnh Cường" in body_2023
    row_2023 = body_2023.split("Cụm thi đua Duyên hải")[1].split("</tr>")[0]
    assert ">3<" in row_2023  # three members in 2023
    assert row_2023.index("Tỉnh Bình") < row_2023.index("Tỉnh Cường")  # chair column, then vice-chair


def test_the_cluster_list_paginates_and_keeps_the_filters_on_every_page(login):
    for index in range(settings.PAGE_SIZE + 3):
        GroupFactory(name=f"Khối thi đua số {index:03d}", kind="bloc")
    GroupFactory(name="Cụm thi đua không thuộc bộ lọc")
    client = login(StaffFactory())
    first = _text(client.get(reverse("clusters:group_list"), {"q": "khoi", "kind": "bloc", "year": 2023}))
    second = _text(client.get(reverse("clusters:group_list"), {"q": "khoi", "kind": "bloc", "year": 2023, "page": 2}))
    assert first.count("Khối thi đua số ") == settings.PAGE_SIZE
    assert second.count("Khối thi đua số ") == 3
    assert "q=khoi" in first and "page=2" in first  # the next-page link keeps the search
    assert "không thuộc bộ lọc" not in first + second


def test_a_bad_year_in_the_filter_gets_a_vietnamese_error_not_a_crash(login):
    client = login(StaffFactory())
    body = _text(client.get(reverse("clusters:group_list"), {"year": "abc"}))
    assert "Nhập một số" in body or "số nguyên" in body


def test_the_cluster_page_shows_members_chair_vice_chair_and_the_history_of_chairs(login):
    group, units = make_group_year(year=2023, size=4)
    MembershipFactory(group=group, unit=units[2], year=2024, role=MemberRole.CHAIR)
    client = login(StaffFactory(unit=units[3]))
    body = _text(client.get(reverse("clusters:group_year", args=[group.pk, 2023])))
    for unit in units:
        assert unit.name in body
    assert "4 đơn vị thành viên" in body
    chair = body.split('data-testid="chair"')[1].split("</dd>")[0]
    vice = body.split('data-testid="vice-chair"')[1].split("</dd>")[0]
    assert units[0].name in chair and units[1].name in vice
    history = body.split('data-testid="chair-history"')[1].split("</table>")[0]
    assert history.index("2024") < history.index("2023")  # newest first
    assert units[2].name in history.split("2024")[1].split("</tr>")[0]


def test_a_merged_province_keeps_its_history_and_points_to_its_successor(login):
    successor = UnitFactory(name="Tỉnh Tuyên Quang mới", active_from=datetime.date(2025, 7, 1))
    merged = UnitFactory(name="Tỉnh Hà Giang", active_to=datetime.date(2025, 6, 30), successor=successor, code="02")
    group = GroupFactory(name="Cụm miền núi")
    MembershipFactory(group=group, unit=merged, year=2023, role=MemberRole.CHAIR)
    PersonFactory(unit=merged, full_name="Lò Văn Sùng")
    client = login(StaffFactory(unit=merged))
    body = _text(client.get(reverse("clusters:unit_detail", args=[merged.pk])))
    assert "Tỉnh Tuyên Quang mới" in body.split('data-testid="successor"')[1].split("</dd>")[0]
    assert "Cụm miền núi" in body and "2023" in body
    assert "Lò Văn Sùng" in body
    successor_page = _text(client.get(reverse("clusters:unit_detail", args=[successor.pk])))
    assert "Tỉnh Hà Giang" in successor_page.split('data-testid="predecessors"')[1].split("</dd>")[0]
    cluster_page = _text(client.get(reverse("clusters:group_year", args=[group.pk, 2023])))
    assert "từ 01/07/2025 thuộc Tỉnh Tuyên Quang mới" in cluster_page


def _members_form(client, group, year, **data):
    return client.post(reverse("clusters:group_members", args=[group.pk, year]), data)


def _provincial_board(**fields):
    """A provincial board (its parent is the province) and its province."""
    province = UnitFactory()
    return UnitFactory(kind="board", parent=province, **fields), province


def test_setting_a_chair_that_is_not_a_member_is_refused_in_vietnamese_and_nothing_is_saved(login):
    board, province = _provincial_board(name="Ban Thi đua - Khen thưởng Thử")
    group = GroupFactory(organizer=board)
    a, b, outsider = (UnitFactory(parent=province) for _ in range(3))
    client = login(ReviewerFactory(unit=board))
    response = _members_form(client, group, 2024, units=[a.pk, b.pk], chair=outsider.pk, vice_chair=b.pk)
    assert response.status_code == 200
    assert "Đơn vị trưởng phải là thành viên của cụm, khối trong năm." in response.content.decode()
    assert not Membership.objects.filter(group=group, year=2024).exists()


def test_the_same_unit_as_chair_and_vice_chair_is_refused_in_vietnamese(login):
    board, province = _provincial_board()
    group = GroupFactory(organizer=board)
    a, b = UnitFactory(parent=province), UnitFactory(parent=province)
    client = login(ReviewerFactory(unit=board))
    response = _members_form(client, group, 2024, units=[a.pk, b.pk], chair=a.pk, vice_chair=a.pk)
    assert "Đơn vị trưởng và đơn vị phó phải khác nhau." in response.content.decode()
    assert not Membership.objects.filter(group=group, year=2024).exists()


def test_an_empty_member_list_is_refused_in_vietnamese(login):
    board, province = _provincial_board()
    group = GroupFactory(organizer=board)
    UnitFactory.create_batch(2, parent=province)
    client = login(ReviewerFactory(unit=board))
    response = _members_form(client, group, 2024, chair="")
    assert "Chọn ít nhất một đơn vị thành viên." in response.content.decode()


def test_the_organising_board_sets_next_years_members_chair_and_vice_chair(login):
    board, province = _provincial_board()
    group, units = make_group_year(year=2023, size=3, organizer=board)
    Unit.objects.filter(pk__in=[u.pk for u in units]).update(parent=province)
    client = login(ReviewerFactory(unit=board))
    form_page = _text(client.get(reverse("clusters:group_members", args=[group.pk, 2024])))
    for unit in units:  # last year's members are proposed
        assert re.search(rf'name="units" value="{unit.pk}"[^>]*checked', form_page)
    response = _members_form(
        client, group, 2024, units=[u.pk for u in units], chair=units[2].pk, vice_chair=units[0].pk
    )
    assert response.status_code == 302
    roles = dict(Membership.objects.filter(group=group, year=2024).values_list("unit_id", "role"))
    assert roles == {units[0].pk: "vice_chair", units[1].pk: "member", units[2].pk: "chair"}
    page = _text(client.get(reverse("clusters:group_year", args=[group.pk, 2024])))
    assert "Đã lưu thành viên năm 2024." in page


def test_a_unit_whose_end_date_is_before_its_start_is_refused_in_vietnamese(login):
    client = login(AdminFactory())
    response = client.post(
        reverse("clusters:unit_create"),
        {"kind": "province", "name": "Tỉnh Thử", "short_name": "Thử", "active_from": "2025-07-01",
         "active_to": "2024-01-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ngày kết thúc hoạt động phải sau ngày bắt đầu." in response.content.decode()
    assert not Unit.objects.filter(name="Tỉnh Thử").exists()


def test_a_person_born_in_the_future_is_refused_in_vietnamese(login):
    unit = UnitFactory()
    client = login(StaffFactory(unit=unit))
    response = client.post(
        reverse("clusters:person_create", args=[unit.pk]),
        {"full_name": "Nguyễn Thị Mai", "position": "Chuyên viên", "category": "direct_worker", "birth_year": 2999},
    )
    assert "Năm sinh không được ở tương lai." in response.content.decode()
    assert not unit.people.exists()


def test_a_persons_audit_history_is_paged_twenty_at_a_time(login):
    person = PersonFactory(full_name="Hoàng Thị Lịch")
    for n in range(1, 26):
        record_audit(actor=None, action="person.update", target=person, summary=f"Sửa hồ sơ lần {n:02d}.")
    client = login(AdminFactory())
    url = reverse("clusters:person_detail", args=[person.pk])
    first = _text(client.get(url))
    assert "Sửa hồ sơ lần 25." in first and "Sửa hồ sơ lần 06." in first and "Sửa hồ sơ lần 05." not in first
    assert "25 mục" in first
    older = _text(client.get(url, {"lich_su": 2}))
    assert "Sửa hồ sơ lần 05." in older and "Sửa hồ sơ lần 01." in older and "Sửa hồ sơ lần 06." not in older


def test_a_unit_with_more_subordinates_than_its_page_lists_links_to_all_of_them(login):
    province = UnitFactory(name="Tỉnh Nhiều Đơn Vị (thử)")
    UnitFactory.create_batch(203, parent=province)
    client = login(StaffFactory())
    page = _text(client.get(reverse("clusters:unit_detail", args=[province.pk])))
    assert page.count("<li><a href=") >= 200 and "Xem tất cả 203 đơn vị trực thuộc" in page
    listing = _text(client.get(reverse("clusters:unit_list"), {"parent": province.pk}))
    assert "Đơn vị trực thuộc Tỉnh Nhiều Đơn Vị (thử)" in listing and "203 kết quả" in listing
    assert "203 kết quả" not in _text(client.get(reverse("clusters:unit_list"), {"parent": "99999999999999"}))
