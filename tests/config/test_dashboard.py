"""The dashboard: for each role, what needs their action now."""

import pytest

from emulation.services import ballots
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    ReviewerFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    make_scoring_round,
    score_unit,
    staff_of,
)

pytestmark = pytest.mark.django_db

FULL = {"1.1": 10, "1.2": 5, "2.1": 5}  # every criterion of the factories' scoring table


def _dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_member_staff_see_their_self_assessment_to_fill_until_their_leader_submits_it(client):
    scoring_round, units = make_scoring_round(size=3)
    member = units[1]
    title = f"Tự chấm điểm: {scoring_round.group.name} — 2023"
    assert title in _dashboard(client, staff_of(member))
    assert "chờ lãnh đạo gửi" in _dashboard(client, leader_of(member))
    score_unit(scoring_round, member, FULL)
    assert title not in _dashboard(client, staff_of(member))


def test_the_chair_units_staff_see_how_many_submitted_self_assessments_wait_for_verification(client):
    scoring_round, units = make_scoring_round(size=3)
    score_unit(scoring_round, units[1], FULL)
    score_unit(scoring_round, units[2], FULL)
    body = _dashboard(client, staff_of(units[0]))
    assert f"Thẩm định điểm: {scoring_round.group.name} — 2023" in body
    assert "2 đơn vị chờ" in body
    assert "Thẩm định điểm" not in _dashboard(client, staff_of(units[1]))  # not the chair


def test_member_leaders_see_an_open_ballot_until_their_unit_has_voted(client):
    group, units = make_group_year(size=3)
    ballot = ballots.ballot_open(actor=staff_of(units[0]), group=group, year=2023)
    title = f"Bỏ phiếu: {ballot.title}"
    assert title in _dashboard(client, leader_of(units[1]))
    ballots.ballot_vote(actor=leader_of(units[1]), ballot=ballot, choices={})
    assert title not in _dashboard(client, leader_of(units[1]))
    assert title in _dashboard(client, leader_of(units[2]))
    assert title not in _dashboard(client, staff_of(units[2]))  # staff do not vote


def test_reviewers_see_the_clusters_their_board_organises_and_the_board_roll_up_report(client):
    group, _units = make_group_year(size=2)
    reviewer = ReviewerFactory(unit=group.organizer)
    body = _dashboard(client, reviewer)
    assert group.name in body
    assert "Báo cáo tổng hợp các cụm, khối năm 2023" in body
    assert f"/tong-ket/ban-thi-dua/{group.organizer.pk}/nam/2023/bao-cao/" in body
    assert group.name not in _dashboard(client, ReviewerFactory())  # another board's reviewer


def test_the_chair_unit_is_asked_for_its_current_pledge_but_not_for_terms_long_past(client):
    group, units = make_group_year(year=2024, size=2)
    old_group = GroupFactory()
    MembershipFactory(group=old_group, unit=units[0], year=2021, role="chair")
    body = _dashboard(client, staff_of(units[0]))
    assert f"{group.name} — 2024" in body and "chưa soạn giao ước" in body
    assert f"{old_group.name} — 2021" not in body
    make_open_pledge(group, 2024)
    body = _dashboard(client, staff_of(units[0]))
    assert f"{group.name} — 2024" in body and "Đang ký kết" in body
