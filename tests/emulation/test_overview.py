"""The year-end overview (menu "Tổng kết"): every group-year a user takes part in, with where its scoring,
ballot and summary report stand, and the links to them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.models import MemberRole, Membership
from clusters.services.groups import membership_copy_year, membership_set
from emulation.models import GroupYearSummary
from emulation.services import reports as report_services
from tests.emulation.test_reports import _year_done
from tests.factories import (
    AdminFactory,
    BoardFactory,
    GroupFactory,
    MembershipFactory,
    ReviewerFactory,
    make_group_year,
    make_scoring_round,
    staff_of,
)

pytestmark = pytest.mark.django_db

URL = reverse("yearend:overview")


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> list[str]:
    body = html.split('data-testid="yearend-overview"', 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>", 1)[0] for row in body.split("<tr>")[2:]]


def test_a_member_sees_each_year_of_its_groups_with_scoring_ballot_and_report(login):
    group, units = _year_done()  # the ballot elects units[1] chair for 2024
    report, _created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    report_services.report_enqueue(report=report)  # compiled at once: Celery is eager in the tests
    scoring_round, others = make_scoring_round(year=2023)  # another group, scoring still open
    html = _text(login(staff_of(units[1])).get(URL))
    next_year, this_year = _rows(html)
    assert scoring_round.group.name not in html
    assert "<td>2024</td>" in next_year and group.name in next_year and "<td>Trưởng cụm, khối</td>" in next_year
    assert "<td>2023</td>" in this_year and group.name in this_year and "Phó cụm, khối" in this_year
    assert "Đã khóa sổ" in this_year and "Đã kết thúc" in this_year and "Bản ngày" in this_year
    for name in ("scoring", "ballot", "reports"):
        assert reverse(f"yearend:{name}", args=[group.pk, 2023]) in this_year
    other = _rows(_text(login(staff_of(others[1])).get(URL)))
    assert len(other) == 1 and "Đang chấm điểm" in other[0] and "Chưa mở" in other[0] and "Chưa có" in other[0]


def test_the_menu_leads_to_the_overview(login):
    group, units = make_group_year()
    assert f'href="{URL}"' in _text(login(staff_of(units[0])).get(reverse("dashboard")))


def test_a_reviewer_sees_the_groups_its_board_organises_and_not_another_boards(login):
    board, other_board = BoardFactory(), BoardFactory()
    ours = GroupFactory(name="Khối thi đua các sở (thử)", organizer=board)
    theirs = GroupFactory(name="Cụm thi đua huyện (thử)", organizer=other_board)
    make_group_year(group=ours, year=2023)
    make_group_year(group=ours, year=2024)
    make_group_year(group=theirs, year=2024)
    rows = _rows(_text(login(ReviewerFactory(unit=board)).get(URL)))
    assert [row.split("</td>", 1)[0].removeprefix("\n      <td>") for row in rows] == ["2024", "2023"]
    assert all(ours.name in row and theirs.name not in row for row in rows)
    assert f"<td>{Membership.objects.get(group=ours, year=2024, role=MemberRole.CHAIR).unit.short_name}</td>" in rows[0]
    assert len(_rows(_text(login(AdminFactory()).get(URL)))) == 3


def test_a_year_whose_chair_is_not_chosen_yet_is_listed_once_for_its_board(login):
    board = BoardFactory()
    group = GroupFactory(name="Khối thi đua các trường (thử)", organizer=board)
    for _ in range(3):
        MembershipFactory(group=group, year=2026, role=MemberRole.MEMBER)
    rows = _rows(_text(login(ReviewerFactory(unit=board)).get(URL)))
    assert len(rows) == 1 and group.name in rows[0] and "<td>2026</td>" in rows[0] and "chưa có</span>" in rows[0]


def test_the_overview_filters_by_year_and_by_a_name_typed_without_diacritics(login):
    board = BoardFactory()
    border = GroupFactory(name="Cụm thi đua các tỉnh miền núi biên giới phía Bắc (thử)", organizer=board)
    highlands = GroupFactory(name="Cụm thi đua các tỉnh Tây Nguyên (thử)", organizer=board)
    for group in (border, highlands):
        make_group_year(group=group, year=2023)
        make_group_year(group=group, year=2024)
    client = login(ReviewerFactory(unit=board))
    rows = _rows(_text(client.get(URL, {"q": "bien gioi", "year": 2023})))
    assert len(rows) == 1 and border.name in rows[0] and "<td>2023</td>" in rows[0]
    assert "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 2100" in _text(client.get(URL, {"year": "3000"}))


def test_the_overview_asks_the_same_number_of_queries_for_many_rows(login, django_assert_max_num_queries):
    board = BoardFactory()
    for year in range(2016, 2026):
        make_group_year(group=GroupFactory(organizer=board), year=year, size=2)
    client = login(ReviewerFactory(unit=board))
    with django_assert_max_num_queries(8):
        assert len(_rows(_text(client.get(URL)))) == 10


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def _summary() -> set[tuple]:
    return set(GroupYearSummary.objects.values_list("group_id", "year", "chair_id"))


def _from_the_memberships() -> set[tuple]:
    chairs = Membership.objects.filter(role=MemberRole.CHAIR).values_list("group_id", "year", "unit_id")
    chair_of = {(group, year): unit for group, year, unit in chairs}
    pairs = set(Membership.objects.values_list("group_id", "year").distinct())
    return {(group, year, chair_of.get((group, year))) for group, year in pairs}


def test_the_group_years_summary_follows_every_write_of_the_memberships():
    """`GroupYearSummary`, kept by the database's triggers, equals what the memberships say after each way of
    writing them: the services, the ballot electing next year's chair, the ORM one row at a time or in bulk, an
    update of the role, group or year, a delete, and a group deleted with its memberships."""
    group, units = make_group_year(year=2023)  # the factories: one INSERT a row
    assert (group.pk, 2023, units[0].pk) in _summary() and _summary() == _from_the_memberships()
    membership_set(actor=None, group=group, year=2023, units=units[1:], chair=units[2])  # replaced, new chair
    assert (group.pk, 2023, units[2].pk) in _summary() and _summary() == _from_the_memberships()
    membership_copy_year(actor=None, group=group, from_year=2023, to_year=2024)  # no chair chosen yet
    assert (group.pk, 2024, None) in _summary() and _summary() == _from_the_memberships()
    Membership.objects.filter(group=group, year=2024, unit=units[1]).update(role=MemberRole.CHAIR)
    assert (group.pk, 2024, units[1].pk) in _summary() and _summary() == _from_the_memberships()
    other = GroupFactory()
    Membership.objects.filter(group=group, year=2024).update(group=other, year=2025)  # moved: the old one goes
    assert {(g, y) for g, y, _chair in _summary()} == {(group.pk, 2023), (other.pk, 2025)}
    assert _summary() == _from_the_memberships()
    Membership.objects.bulk_create([Membership(group=other, year=2026, unit=unit) for unit in units])
    assert (other.pk, 2026, None) in _summary() and _summary() == _from_the_memberships()
    Membership.objects.filter(group=group).delete()
    assert group.pk not in {g for g, _y, _chair in _summary()} and _summary() == _from_the_memberships()
    other.delete()  # its memberships with it
    assert _summary() == _from_the_memberships() == set()


def test_a_ballot_electing_next_years_chair_shows_it_on_the_administrators_overview(login):
    group, units = _year_done()  # the ballot elects units[1] chair for 2024
    assert _summary() == _from_the_memberships()
    rows = _rows(_text(login(AdminFactory()).get(URL)))
    assert "<td>2024</td>" in rows[0] and f"<td>{units[1].short_name or units[1].name}</td>" in rows[0]
