"""Rounds (đợt xét, issue 18 item 4): a board opens a round of proposals per year or per campaign with its due
date; proposals of the units under the board sent after it are flagged late, as the general deadlines flag them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards.models import AwardRound, SubmissionDeadline
from awards.services.proposals import proposal_create
from awards.services.rounds import round_create
from awards.services.workflow import submission_create
from tests.factories import (
    BoardFactory,
    LeaderFactory,
    PersonFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    attach_dossier,
    award_type,
    make_award_world,
)

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    world = make_award_world(YEAR)
    world.unit = UnitFactory(name="Sở Nội vụ Lạng Sơn (thử)", parent=world.lang_son, kind="agency")
    world.unit_staff = StaffFactory(unit=world.unit, username="canbo.snv")
    world.unit_leader = LeaderFactory(unit=world.unit, username="lanhdao.snv")
    other_province = UnitFactory(name="Tỉnh Cao Bằng (thử)")
    world.other_board = BoardFactory(name="Ban Thi đua - Khen thưởng Cao Bằng (thử)", parent=other_province)
    world.other_reviewer = ReviewerFactory(unit=world.other_board, username="thamdinh.cb")
    world.other_unit = UnitFactory(name="Sở Nội vụ Cao Bằng (thử)", parent=other_province, kind="agency")
    world.other_staff = StaffFactory(unit=world.other_unit, username="canbo.cb")
    world.other_leader = LeaderFactory(unit=world.other_unit, username="lanhdao.cb")
    return world


def send(unit, staff, leader, name, *, kind="annual", code="BANG_KHEN_CAP_TINH"):
    proposal = proposal_create(
        actor=staff, proposing_unit=unit, award_type_code=code, year=YEAR, kind=kind,
        nominee_person=PersonFactory(unit=unit, full_name=name), achievements="Thành tích.",
        justification="Giải trình.", proposal_date=datetime.date(YEAR, 3, 1),
    )  # fmt: skip
    attach_dossier(proposal)
    submission_create(
        actor=leader, proposing_unit=unit, year=YEAR, number=f"TTr-{name}", title="Tờ trình", proposals=[proposal]
    )
    proposal.refresh_from_db()
    return proposal


def test_a_board_opens_a_round_and_late_proposals_are_flagged_on_its_page(world, login):
    client = login(world.province_reviewer)
    response = client.post(
        reverse("awards:round_create"),
        {
            "title": "Đợt xét khen thưởng chuyên đề chuyển đổi số",
            "year": YEAR,
            "purpose": "proposals",
            "kind": "thematic",
            "opens_on": "01/01/2025",
            "due_date": "31/03/2025",
        },
    )
    round_ = AwardRound.objects.get()
    assert response.status_code == 302 and round_.board == world.province_board
    late = send(world.unit, world.unit_staff, world.unit_leader, "Trần Văn Muộn", kind="thematic")
    assert late.is_late  # sent today, after 31/03/2025
    annual = send(world.unit, world.unit_staff, world.unit_leader, "Lê Thị Thường Niên")
    assert not annual.is_late  # the round is for thematic awards only; no deadline for annual ones
    elsewhere = send(world.other_unit, world.other_staff, world.other_leader, "Ngô Văn Tỉnh Khác", kind="thematic")
    assert not elsewhere.is_late  # another province's units are not under this board's round

    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Trần Văn Muộn" in page and "Trình muộn" in page and "1 hồ sơ trình muộn" in page
    assert "Lê Thị Thường Niên" not in page and "Ngô Văn Tỉnh Khác" not in page
    assert "Đợt xét khen thưởng chuyên đề chuyển đổi số" in client.get(reverse("awards:round_list")).content.decode()
    detail = login(world.unit_staff).get(late.get_absolute_url()).content.decode()
    assert "31/03/2025" in detail and "Trình muộn" in detail


def test_a_round_for_an_award_type_comes_before_the_general_deadline(world):
    SubmissionDeadline.objects.create(year=YEAR, kind="annual", due_date=datetime.date(2099, 1, 1))
    round_create(
        actor=world.province_reviewer, board=world.province_board, year=YEAR, purpose="proposals",
        title="Bằng khen tỉnh 2025", opens_on=datetime.date(YEAR, 1, 1), due_date=datetime.date(YEAR, 2, 1),
        award_types=[award_type("BANG_KHEN_CAP_TINH")],
    )  # fmt: skip
    assert send(world.unit, world.unit_staff, world.unit_leader, "Mai Văn Bằng Khen").is_late
    assert not send(world.unit, world.unit_staff, world.unit_leader, "Mai Thị Giấy", code="CSTD_CAP_TINH").is_late


def test_only_a_boards_reviewer_opens_its_rounds_and_other_boards_do_not_read_them(world, login):
    with pytest.raises(PermissionDenied):
        round_create(
            actor=world.other_reviewer, board=world.province_board, year=YEAR, purpose="proposals", title="x",
            opens_on=datetime.date(YEAR, 1, 1), due_date=datetime.date(YEAR, 2, 1),
        )  # fmt: skip
    assert login(world.unit_staff).get(reverse("awards:round_create")).status_code == 403
    round_ = round_create(
        actor=world.province_reviewer, board=world.province_board, year=YEAR, purpose="registration",
        title="Đăng ký thi đua 2025", opens_on=datetime.date(YEAR, 1, 1), due_date=datetime.date(YEAR, 1, 31),
    )  # fmt: skip
    assert login(world.other_reviewer).get(round_.get_absolute_url()).status_code == 403
    assert login(world.other_staff).get(round_.get_absolute_url()).status_code == 403
    assert "Đăng ký thi đua 2025" not in login(world.other_staff).get(reverse("awards:round_list")).content.decode()
    page = login(world.unit_staff).get(round_.get_absolute_url()).content.decode()  # a unit under the board
    assert "31/01/2025" in page


def test_a_double_submit_opens_one_round(world, login):
    client = login(world.province_reviewer)
    form = client.get(reverse("awards:round_create")).context["form"]
    data = {
        "title": "Đợt 1", "year": YEAR, "purpose": "proposals", "kind": "annual", "opens_on": "01/01/2025",
        "due_date": "31/03/2025", "submission_token": form["submission_token"].value(),
    }  # fmt: skip
    client.post(reverse("awards:round_create"), data)
    client.post(reverse("awards:round_create"), data)
    assert AwardRound.objects.count() == 1


def test_a_due_date_before_the_opening_is_refused(world, login):
    response = login(world.province_reviewer).post(
        reverse("awards:round_create"),
        {"title": "Đợt", "year": YEAR, "purpose": "proposals", "kind": "annual", "opens_on": "01/03/2025",
         "due_date": "01/02/2025"},
    )  # fmt: skip
    assert response.status_code == 200 and "Hạn gửi phải sau ngày bắt đầu." in response.content.decode()
    assert not AwardRound.objects.exists()
