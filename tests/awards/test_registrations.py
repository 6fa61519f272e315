"""Registration of titles at the start of the year (issue 18 item 1): units register their collectives and
individuals for each title, the board returns one with a reason and accepts it once fixed, consolidates, exports,
prints and passes the state-level titles up; at year end a proposal shows whether its nominee registered, and an
unregistered nominee is flagged to the reviewer with the rule's citation."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards import eligibility
from awards.models import AwardRound, Registration, RegistrationStatus, RoundPurpose
from awards.services.proposals import proposal_create
from awards.services.registrations import (
    registration_accept,
    registration_create,
    registration_entry_add,
    registration_return,
    registration_submit,
    registrations_forward,
)
from clusters.selectors.audit import audit_trail
from tests.factories import (
    BoardFactory,
    LeaderFactory,
    PersonFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    award_type,
    make_award_world,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _unit(parent, name, tag):
    unit = UnitFactory(name=name, parent=parent, kind="agency")
    return SimpleNamespace(
        unit=unit,
        staff=StaffFactory(unit=unit, username=f"canbo.{tag}"),
        leader=LeaderFactory(unit=unit, username=f"lanhdao.{tag}"),
        person=PersonFactory(unit=unit, full_name=f"Nguyễn Văn {tag.upper()}"),
    )


@pytest.fixture
def world():
    world = make_award_world(YEAR)
    world.health = _unit(world.lang_son, "Sở Y tế Lạng Sơn (thử)", "yt")
    world.education = _unit(world.lang_son, "Sở Giáo dục Lạng Sơn (thử)", "gd")
    other_province = UnitFactory(name="Tỉnh Cao Bằng (thử)")
    world.other_board = BoardFactory(name="Ban Thi đua - Khen thưởng Cao Bằng (thử)", parent=other_province)
    world.other_reviewer = ReviewerFactory(unit=world.other_board, username="thamdinh.cb")
    return world


def register(side, *entries):
    registration = registration_create(actor=side.staff, unit=side.unit, year=YEAR)
    for code, nominee, initiative in entries:
        key = "nominee_unit" if nominee == side.unit else "nominee_person"
        registration_entry_add(
            actor=side.staff,
            registration=registration,
            award_type=award_type(code),
            planned_initiative=initiative,
            **{key: nominee},
        )
    return registration


def test_two_units_register_one_is_returned_fixed_and_both_are_consolidated(world, login):
    health = register(world.health, ("CSTD_CO_SO", world.health.person, "Phần mềm quản lý khám bệnh"))
    education = register(world.education, ("TAP_THE_LDXS", world.education.unit, ""))
    assert health.recipient == world.province_board and education.recipient == world.province_board
    registration_submit(actor=world.health.leader, registration=health)
    registration_submit(actor=world.education.leader, registration=education)

    client = login(world.province_reviewer)
    assert "Bản đăng ký thi đua chờ duyệt" in client.get(reverse("dashboard")).content.decode()
    page = client.get(reverse("awards:registration_list")).content.decode()
    assert "Sở Y tế Lạng Sơn (thử)" in page and "Sở Giáo dục Lạng Sơn (thử)" in page and "Chờ duyệt" in page
    client.post(
        reverse("awards:registration_review", args=[health.pk, "tra-lai"]),
        {"reason": "Thiếu đăng ký Lao động tiên tiến của cá nhân."},
    )
    client.post(reverse("awards:registration_review", args=[education.pk, "chap-nhan"]))
    health.refresh_from_db()
    assert health.status == RegistrationStatus.RETURNED

    # the unit sees the reason, adds what was missing and sends again
    unit_client = login(world.health.staff)
    page = unit_client.get(health.get_absolute_url()).content.decode()
    assert "Thiếu đăng ký Lao động tiên tiến của cá nhân." in page
    unit_client.post(
        reverse("awards:registration_entry_add", args=[health.pk]),
        {"award_type": award_type("LAO_DONG_TIEN_TIEN").pk, "nominee_person": world.health.person.pk},
    )
    assert health.entries.count() == 2
    login(world.health.leader).post(reverse("awards:registration_submit", args=[health.pk]))
    health.refresh_from_db()
    assert health.status == RegistrationStatus.SUBMITTED

    client = login(world.province_reviewer)
    client.post(reverse("awards:registration_review", args=[health.pk, "chap-nhan"]))
    consolidated = reverse("awards:registration_consolidated", args=[world.province_board.pk, YEAR])
    page = client.get(consolidated).content.decode()
    for text in ("Nguyễn Văn YT", "Sở Giáo dục Lạng Sơn (thử)", "Phần mềm quản lý khám bệnh", "Lao động tiên tiến"):
        assert text in page
    assert "Nguyễn Văn YT" in client.get(consolidated + "?in=1").content.decode()
    workbook = load_workbook(io.BytesIO(client.get(consolidated + "?format=xlsx").content))
    rows = [[c for c in row if c is not None] for row in workbook.active.iter_rows(values_only=True)]
    assert [3, "Lao động tiên tiến", "Nguyễn Văn YT", "Sở Y tế Lạng Sơn (thử)"] in rows


def test_only_the_leader_sends_and_nothing_changes_once_sent(world):
    registration = register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    with pytest.raises(PermissionDenied):
        registration_submit(actor=world.health.staff, registration=registration)
    registration_submit(actor=world.health.leader, registration=registration)
    with pytest.raises(PermissionDenied):
        registration_entry_add(
            actor=world.health.staff,
            registration=registration,
            award_type=award_type("LAO_DONG_TIEN_TIEN"),
            nominee_person=world.health.person,
        )


def test_a_registration_names_only_titles_and_the_units_own_people(world):
    registration = registration_create(actor=world.health.staff, unit=world.health.unit, year=YEAR)
    with pytest.raises(ValidationError, match="danh hiệu thi đua"):
        registration_entry_add(
            actor=world.health.staff,
            registration=registration,
            award_type=award_type("BANG_KHEN_CAP_TINH"),
            nominee_person=world.health.person,
        )
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        registration_entry_add(
            actor=world.health.staff,
            registration=registration,
            award_type=award_type("CSTD_CO_SO"),
            nominee_person=world.education.person,
        )
    with pytest.raises(ValidationError, match="dành cho tập thể"):
        registration_entry_add(
            actor=world.health.staff,
            registration=registration,
            award_type=award_type("TAP_THE_LDXS"),
            nominee_person=world.health.person,
        )


def test_another_board_and_another_unit_neither_read_nor_review_a_registration(world, login):
    registration = register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    registration_submit(actor=world.health.leader, registration=registration)
    url = registration.get_absolute_url()
    assert login(world.other_reviewer).get(url).status_code == 403
    assert login(world.education.staff).get(url).status_code == 403
    response = login(world.other_reviewer).post(
        reverse("awards:registration_review", args=[registration.pk, "chap-nhan"])
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        registration_accept(actor=world.other_reviewer, registration=registration)
    assert "Sở Y tế" not in login(world.other_reviewer).get(reverse("awards:registration_list")).content.decode()
    other = reverse("awards:registration_consolidated", args=[world.province_board.pk, YEAR])
    assert login(world.other_reviewer).get(other).status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED


def test_a_return_needs_a_reason(world):
    registration = register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    registration_submit(actor=world.health.leader, registration=registration)
    with pytest.raises(ValidationError, match="lý do"):
        registration_return(actor=world.province_reviewer, registration=registration, reason="  ")


def test_a_double_submit_sends_once_and_says_so(world, login):
    registration = register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    client = login(world.health.leader)
    url = reverse("awards:registration_submit", args=[registration.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "đã được gửi trước đó" in response.content.decode()
    sent = [row for row in audit_trail(registration) if row.action == "registration.submit"]
    assert len(sent) == 1


def test_hostile_text_in_a_planned_initiative_is_shown_inert_and_exported_as_text(world, login):
    registration = register(
        world.health, ("CSTD_CO_SO", world.health.person, '<script>alert("x")</script>'), ("LAO_DONG_TIEN_TIEN",
        world.health.person, "=HYPERLINK(\"http://x.vn\",\"Bấm\")"),
    )  # fmt: skip
    registration_submit(actor=world.health.leader, registration=registration)
    registration_accept(actor=world.province_reviewer, registration=registration)
    client = login(world.province_reviewer)
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    consolidated = reverse("awards:registration_consolidated", args=[world.province_board.pk, YEAR])
    workbook = load_workbook(io.BytesIO(client.get(consolidated + "?format=xlsx").content))
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_registration_after_the_rounds_due_date_is_late(world):
    AwardRound.objects.create(
        board=world.province_board,
        year=YEAR,
        purpose=RoundPurpose.REGISTRATION,
        title="Đăng ký thi đua năm 2026",
        opens_on=datetime.date(YEAR, 1, 1),
        due_date=datetime.date(YEAR, 1, 31),
    )
    registration = register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    registration = registration_submit(actor=world.health.leader, registration=registration)
    assert registration.is_late  # today is after 31/01/2026


# --- At year end ------------------------------------------------------------------------------------------
def _proposal(world, side, person):
    return proposal_create(
        actor=side.staff,
        proposing_unit=side.unit,
        award_type_code="CSTD_CO_SO",
        year=YEAR,
        nominee_person=person,
        achievements="Hoàn thành xuất sắc nhiệm vụ.",
    )


def _registered_row(proposal):
    return next(r for r in proposal.eligibility if r["check"] == "registered")


def test_a_proposal_shows_whether_its_nominee_registered_and_flags_who_did_not_with_the_rule(world, login):
    registration = register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    registration_submit(actor=world.health.leader, registration=registration)
    registration_accept(actor=world.province_reviewer, registration=registration)
    registered = _proposal(world, world.health, world.health.person)
    assert _registered_row(registered)["status"] == "passed"
    assert "đã được chấp nhận" in _registered_row(registered)["facts"]

    stranger = PersonFactory(unit=world.health.unit, full_name="Trần Thị Chưa Đăng Ký")
    unregistered = _proposal(world, world.health, stranger)
    row = _registered_row(unregistered)
    assert row["status"] == "failed" and row["unconfirmed"]
    assert row["article"] == "Chưa xác định" and "152/2025" in row["source"]
    # an unconfirmed rule never fails a proposal alone: the reviewer sees it flagged, and decides
    assert eligibility.overall([row]) == "unknown"
    page = login(world.health.staff).get(unregistered.get_absolute_url()).content.decode()
    assert "Cần đăng ký thi đua danh hiệu Chiến sĩ thi đua cơ sở" in page
    assert "không có trong bản đăng ký" in page


def test_without_registrations_for_the_year_the_condition_does_not_apply(world):
    proposal = _proposal(world, world.education, world.education.person)
    assert not [r for r in proposal.eligibility if r["check"] == "registered"]


def test_forms_of_award_need_no_registration(world):
    register(world.health, ("CSTD_CO_SO", world.health.person, ""))
    proposal = proposal_create(
        actor=world.health.staff,
        proposing_unit=world.health.unit,
        award_type_code="BANG_KHEN_CAP_TINH",
        year=YEAR,
        nominee_person=world.health.person,
        achievements="Thành tích.",
    )
    assert not [r for r in proposal.eligibility if r["check"] == "registered"]


def test_the_board_passes_state_level_titles_up_to_the_central_board(world, login):
    registration = register(
        world.health,
        ("CSTD_TOAN_QUOC", world.health.person, "Đề tài cấp tỉnh"),
        ("CSTD_CO_SO", world.health.person, ""),
    )
    registration_submit(actor=world.health.leader, registration=registration)
    registration_accept(actor=world.province_reviewer, registration=registration)
    login(world.province_reviewer).post(reverse("awards:registration_forward", args=[world.province_board.pk, YEAR]))
    forwarded = Registration.objects.get(unit=world.province_board, year=YEAR)
    assert forwarded.recipient == world.central and forwarded.status == RegistrationStatus.SUBMITTED
    assert [e.award_type.code for e in forwarded.entries.all()] == ["CSTD_TOAN_QUOC"]
    page = login(world.reviewer).get(forwarded.get_absolute_url()).content.decode()  # the central board's reviewer
    assert "Nguyễn Văn YT" in page and "Đề tài cấp tỉnh" in page
    with pytest.raises(ValidationError):
        registrations_forward(actor=world.province_reviewer, board=world.province_board, year=YEAR)
