"""Account management in the app (issue 15 item 2): a board's administrator manages the accounts of its units'
leaders and staff, within its jurisdiction; the system admin manages the boards' own accounts. No password is
ever typed by an administrator: invitations and resets go by e-mail as one-time links."""

from __future__ import annotations

import re
import smtplib
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from clusters.models import AuditEvent, Role, UnitKind, User
from clusters.selectors.units import in_jurisdiction, units_in_jurisdiction
from clusters.services.accounts import account_create, account_update, name_fields, unlock_account
from tests.factories import (
    PASSWORD,
    AdminFactory,
    BoardAdminFactory,
    BoardFactory,
    LeaderFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-moi-2025!"


@pytest.fixture
def world():
    """Two provinces, each with its board (and the board's administrator) and an agency under the province."""
    lang_son = UnitFactory(name="Tỉnh Lạng Sơn (thử)", short_name="Lạng Sơn")
    ha_giang = UnitFactory(name="Tỉnh Hà Giang (thử)", short_name="Hà Giang")
    ls_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Lạng Sơn (thử)", parent=lang_son)
    hg_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Hà Giang (thử)", parent=ha_giang)
    ls_agency = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ tỉnh Lạng Sơn (thử)", parent=lang_son)
    ls_commune = UnitFactory(kind=UnitKind.COMMUNE, name="Xã Tân Thanh (thử)", parent=ls_agency)
    hg_agency = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ tỉnh Hà Giang (thử)", parent=ha_giang)
    return SimpleNamespace(
        lang_son=lang_son,
        ha_giang=ha_giang,
        ls_board=ls_board,
        hg_board=hg_board,
        ls_agency=ls_agency,
        ls_commune=ls_commune,
        hg_agency=hg_agency,
        admin=BoardAdminFactory(unit=ls_board, username="quantri.langson"),
        other_admin=BoardAdminFactory(unit=hg_board, username="quantri.hagiang"),
        ls_leader=LeaderFactory(unit=ls_agency, username="lanhdao.snv.ls"),
        hg_leader=LeaderFactory(unit=hg_agency, username="lanhdao.snv.hg"),
    )


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _link_in(message) -> str:
    match = re.search(r"http://testserver(/dat-mat-khau/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _set_password(client, link, password=NEW_PASSWORD):
    """Follow an e-mailed link and set a password; returns the final page."""
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    return client.post(set_url, {"new_password1": password, "new_password2": password}, follow=True)


def _invite(client, world, **fields):
    data = {
        "username": "lanhdao.xatanthanh",
        "full_name": "Nguyễn Đình Đức",
        "email": "duc.nd@langson.gov.vn",
        "role": Role.LEADER,
        "unit": world.ls_commune.pk,
        "position": "Chủ tịch UBND xã",
    }
    return client.post(reverse("clusters:account_create"), {**data, **fields})


# --- Jurisdiction ----------------------------------------------------------------------------------------------
def test_a_provincial_boards_jurisdiction_is_its_province_and_every_unit_below_it(world):
    units = set(units_in_jurisdiction(world.ls_board))
    assert {world.lang_son, world.ls_agency, world.ls_commune, world.ls_board} <= units
    assert world.ha_giang not in units and world.hg_agency not in units
    assert in_jurisdiction(world.ls_board, world.ls_commune)
    assert not in_jurisdiction(world.ls_board, world.hg_agency)


# --- Invitation ------------------------------------------------------------------------------------------------
def test_a_board_admin_invites_a_leader_who_sets_a_password_and_logs_in(client, world):
    client.force_login(world.admin)
    form = client.get(reverse("clusters:account_create")).content.decode()
    assert 'type="password"' not in form  # no password typed by the administrator
    assert world.ls_commune.name in form and world.hg_agency.name not in form  # units in jurisdiction only

    response = _invite(client, world)
    user = User.objects.get(username="lanhdao.xatanthanh")
    assert response.status_code == 302 and response.url == reverse("clusters:account_detail", args=[user.pk])
    assert (user.role, user.unit, user.get_full_name()) == (Role.LEADER, world.ls_commune, "Nguyễn Đình Đức")
    assert not user.has_usable_password()
    page = client.get(response.url).content.decode()
    assert "Đã tạo tài khoản lanhdao.xatanthanh và gửi lời mời đặt mật khẩu tới duc.nd@langson.gov.vn." in page
    assert "Chưa đặt mật khẩu" in page

    (message,) = mail.outbox
    assert message.to == ["duc.nd@langson.gov.vn"]
    assert message.subject == "Mời đặt mật khẩu cho tài khoản Thi đua"
    assert "Kính gửi Nguyễn Đình Đức" in message.body and "lanhdao.xatanthanh" in message.body
    link = _link_in(message)

    client.logout()
    done = _set_password(client, link)
    assert "Mật khẩu của Anh/Chị đã được lưu." in done.content.decode()
    assert _log_in(client, "lanhdao.xatanthanh", NEW_PASSWORD).url == "/"

    client.logout()  # the link works once
    again = client.get(link, follow=True).content.decode()
    assert "Liên kết đặt mật khẩu không còn dùng được" in again
    assert AuditEvent.objects.filter(action="user.create", target_id=str(user.pk), actor=world.admin).exists()


def test_an_account_needs_an_email_and_a_unique_username(client, world):
    client.force_login(world.admin)
    response = _invite(client, world, email="")
    assert response.status_code == 200
    assert not User.objects.filter(username="lanhdao.xatanthanh").exists()
    response = _invite(client, world, username=world.hg_leader.username.upper())
    assert "Tên đăng nhập này đã có người dùng." in response.content.decode()
    response = _invite(client, world, username="lãnhđạo.xã")  # no diacritics in usernames
    assert "Tên đăng nhập chỉ gồm chữ cái không dấu" in response.content.decode()
    assert not User.objects.filter(username="lãnhđạo.xã").exists()
    assert mail.outbox == []


def test_when_the_mail_server_is_down_no_account_is_made_and_the_admin_is_told(client, world, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("clusters.services.accounts.send_mail", refuse)
    client.force_login(world.admin)
    response = _invite(client, world)
    assert response.status_code == 200
    assert "Không gửi được e-mail tới duc.nd@langson.gov.vn" in response.content.decode()
    assert not User.objects.filter(username="lanhdao.xatanthanh").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_board_admin_gives_neither_another_provinces_units_nor_a_boards_roles(client, world):
    client.force_login(world.admin)
    response = _invite(client, world, unit=world.hg_agency.pk)
    assert response.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    _invite(client, world, role=Role.REVIEWER, unit=world.ls_board.pk)
    _invite(client, world, role=Role.ADMIN)
    assert not User.objects.filter(username="lanhdao.xatanthanh").exists()
    # the service refuses too, whatever form calls it
    fields = {"full_name": "Nguyễn Văn An", "email": "an@hagiang.gov.vn", "site_url": "http://testserver/"}
    with pytest.raises(ValidationError, match="không thuộc phạm vi quản lý của bạn"):
        account_create(actor=world.admin, username="canbo.hg2", role=Role.STAFF, unit=world.hg_agency, **fields)
    with pytest.raises(ValidationError, match="không được cấp tài khoản với vai trò này"):
        account_create(actor=world.admin, username="thamdinh.ls2", role=Role.REVIEWER, unit=world.ls_board, **fields)
    assert not User.objects.filter(username__in=["canbo.hg2", "thamdinh.ls2"]).exists()
    assert mail.outbox == []


# --- Edit, deactivate, reset, unlock ---------------------------------------------------------------------------
def test_a_board_admin_edits_an_account_and_the_change_is_audited(client, world):
    client.force_login(world.admin)
    url = reverse("clusters:account_update", args=[world.ls_leader.pk])
    assert world.ls_leader.email in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "full_name": "Hoàng Thị  Mai",
            "email": "mai.ht@langson.gov.vn",
            "role": Role.STAFF,
            "unit": world.ls_agency.pk,
            "position": "Chuyên viên",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã lưu thay đổi." in page and "Hoàng Thị Mai" in page and "mai.ht@langson.gov.vn" in page
    world.ls_leader.refresh_from_db()
    assert (world.ls_leader.role, world.ls_leader.get_full_name()) == (Role.STAFF, "Hoàng Thị Mai")
    event = AuditEvent.objects.get(action="user.update", target_id=str(world.ls_leader.pk))
    assert event.actor == world.admin and "email" in event.data


def test_a_deactivated_account_cannot_log_in_until_reactivated(client, world):
    signed_in = Client(HTTP_ACCEPT_LANGUAGE="vi")
    signed_in.force_login(world.ls_leader)
    assert signed_in.get("/").status_code == 200
    client.force_login(world.admin)
    page = client.post(reverse("clusters:account_deactivate", args=[world.ls_leader.pk]), follow=True)
    assert "không đăng nhập được nữa" in page.content.decode()
    assert signed_in.get("/").status_code == 302  # an open session ends too
    client.logout()
    assert _log_in(client, world.ls_leader.username, PASSWORD).status_code == 200  # refused
    client.force_login(world.admin)
    client.post(reverse("clusters:account_reactivate", args=[world.ls_leader.pk]))
    client.logout()
    assert _log_in(client, world.ls_leader.username, PASSWORD).url == "/"
    actions = AuditEvent.objects.filter(target_id=str(world.ls_leader.pk)).values_list("action", flat=True)
    assert {"user.deactivate", "user.reactivate"} <= set(actions)


def test_a_board_admin_sends_a_password_reset_link_and_the_new_password_works(client, world):
    client.force_login(world.admin)
    client.post(reverse("clusters:account_password_reset", args=[world.ls_leader.pk]))
    (message,) = mail.outbox
    assert message.to == [world.ls_leader.email] and message.subject == "Đặt lại mật khẩu tài khoản Thi đua"
    client.logout()
    _set_password(client, _link_in(message))
    assert _log_in(client, world.ls_leader.username, PASSWORD).status_code == 200  # the old one is gone
    assert _log_in(client, world.ls_leader.username, NEW_PASSWORD).url == "/"
    assert AuditEvent.objects.filter(action="user.password_reset", target_id=str(world.ls_leader.pk)).exists()


def test_an_account_that_never_set_its_password_gets_the_invitation_again(client, world):
    client.force_login(world.admin)
    _invite(client, world)
    user = User.objects.get(username="lanhdao.xatanthanh")
    client.post(reverse("clusters:account_password_reset", args=[user.pk]))
    first, again = mail.outbox
    assert again.subject == first.subject == "Mời đặt mật khẩu cho tài khoản Thi đua"
    client.logout()
    _set_password(client, _link_in(again))
    assert _log_in(client, user.username, NEW_PASSWORD).url == "/"


def test_a_board_admin_unlocks_an_account_locked_by_failed_logins(client, world):
    leader = world.ls_leader
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, leader.username, "sai-mat-khau")
    assert _log_in(client, leader.username, PASSWORD).status_code == 429

    client.force_login(world.admin)
    locked = client.get(reverse("clusters:account_list"), {"locked": "on"}).content.decode()
    assert leader.username in locked and "Đang bị khóa đăng nhập" in locked
    assert world.admin.username not in locked
    detail = client.get(reverse("clusters:account_detail", args=[leader.pk])).content.decode()
    assert "Mở khóa đăng nhập" in detail
    page = client.post(reverse("clusters:account_unlock", args=[leader.pk]), follow=True).content.decode()
    assert f"Đã mở khóa đăng nhập cho {leader.username}." in page
    assert leader.username not in client.get(reverse("clusters:account_list"), {"locked": "on"}).content.decode()

    client.logout()
    assert _log_in(client, leader.username, PASSWORD).url == "/"
    assert AuditEvent.objects.filter(action="user.unlock", target_id=str(leader.pk), actor=world.admin).exists()


# --- Who may ----------------------------------------------------------------------------------------------------
def test_another_provinces_board_admin_can_neither_see_nor_touch_the_accounts(client, world):
    client.force_login(world.other_admin)
    listing = client.get(reverse("clusters:account_list")).content.decode()
    assert world.hg_leader.username in listing and world.ls_leader.username not in listing
    leader = world.ls_leader
    for name in ("account_detail", "account_update"):
        assert client.get(reverse(f"clusters:{name}", args=[leader.pk])).status_code == 403
    for name in ("account_deactivate", "account_password_reset", "account_unlock"):
        assert client.post(reverse(f"clusters:{name}", args=[leader.pk])).status_code == 403
    leader.refresh_from_db()
    assert leader.is_active and mail.outbox == []
    with pytest.raises(Exception, match="không có quyền"):
        unlock_account(actor=world.other_admin, user=leader)


def test_a_board_admin_cannot_touch_a_system_admin_a_reviewer_or_their_own_account(client, world):
    client.force_login(world.admin)
    for user in (AdminFactory(), ReviewerFactory(unit=world.ls_board), world.admin):
        assert client.get(reverse("clusters:account_update", args=[user.pk])).status_code == 403
        assert client.post(reverse("clusters:account_deactivate", args=[user.pk])).status_code == 403
        user.refresh_from_db()
        assert user.is_active


def test_unit_staff_leaders_and_reviewers_have_no_account_pages(client, world):
    for user in (StaffFactory(unit=world.ls_agency), world.ls_leader, ReviewerFactory(unit=world.ls_board)):
        client.force_login(user)
        assert client.get(reverse("clusters:account_list")).status_code == 403
        assert client.get(reverse("clusters:account_create")).status_code == 403
        assert reverse("clusters:account_list") not in client.get("/").content.decode()


def test_the_list_is_searched_without_accents_and_filtered(client, world):
    world.ls_leader.full_name, world.ls_leader.given_name = name_fields("Nguyễn Đình Đức").values()
    world.ls_leader.save()
    staff = StaffFactory(unit=world.ls_commune, username="canbo.tanthanh", is_active=False)
    client.force_login(world.admin)
    url = reverse("clusters:account_list")
    found = client.get(url, {"q": "nguyen dinh duc"}).content.decode()
    assert world.ls_leader.username in found and staff.username not in found
    by_unit = client.get(url, {"unit": world.ls_commune.pk}).content.decode()
    assert staff.username in by_unit and world.ls_leader.username not in by_unit
    inactive = client.get(url, {"active": "0"}).content.decode()
    assert staff.username in inactive and world.ls_leader.username not in inactive
    leaders = client.get(url, {"role": Role.LEADER}).content.decode()
    assert world.ls_leader.username in leaders and staff.username not in leaders


def test_the_search_finds_an_account_by_its_name_username_and_email_as_they_are_now(client, world):
    """The folded copies the search compares (stored generated columns, issue 16) follow every edit."""
    leader = world.ls_leader
    account_update(
        actor=world.admin,
        user=leader,
        full_name="Đặng Thị Ánh",
        email="Anh.Dang@LangSon.gov.vn",
        role=Role.LEADER,
        unit=world.ls_agency,
    )
    client.force_login(world.admin)
    url = reverse("clusters:account_list")

    def found(query: str) -> bool:
        return leader.username in client.get(url, {"q": query}).content.decode()

    assert found("dang thi anh") and found("ĐẶNG ánh") and found("anh.dang@langson") and found("LANHDAO.SNV")
    assert not found("nguyen dinh duc")
    account_update(
        actor=world.admin,
        user=leader,
        full_name="Nguyễn Đình Đức",
        email="duc@langson.gov.vn",
        role=Role.LEADER,
        unit=world.ls_agency,
    )
    assert found("nguyen dinh duc") and found("duc@langson")
    assert not found("dang thi anh") and not found("anh.dang")
    # what the search is given is text to find, never a pattern
    assert not found("%") and not found("_") and not found("<script>")


def test_the_dashboard_and_menu_lead_a_board_admin_to_the_accounts(client, world):
    client.force_login(world.admin)
    page = client.get("/").content.decode()
    assert reverse("clusters:account_list") in page and reverse("clusters:account_create") in page
    assert "Tài khoản đang quản lý" in page


# --- The system admin and the central board -------------------------------------------------------------------
def test_the_system_admin_creates_a_boards_administrator_at_a_board_only(client, world):
    client.force_login(AdminFactory())
    data = {"username": "quantri.ls2", "role": Role.BOARD_ADMIN, "email": "qt@langson.gov.vn"}
    _invite(client, world, unit=world.ls_agency.pk, **data)
    assert not User.objects.filter(username="quantri.ls2").exists()
    response = _invite(client, world, unit=world.ls_board.pk, **data)
    assert response.status_code == 302
    assert User.objects.get(username="quantri.ls2").role == Role.BOARD_ADMIN
    assert mail.outbox[0].to == ["qt@langson.gov.vn"]


def test_the_central_board_manages_central_agencies_not_the_provinces(client, world):
    central = BoardFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương (thử)")
    ministry = UnitFactory(kind=UnitKind.CENTRAL, name="Bộ Nội vụ (thử)")
    ministry_leader = LeaderFactory(unit=ministry)
    client.force_login(BoardAdminFactory(unit=central))
    listing = client.get(reverse("clusters:account_list")).content.decode()
    assert ministry_leader.username in listing and world.ls_leader.username not in listing
    assert client.get(reverse("clusters:account_update", args=[world.ls_leader.pk])).status_code == 403


# --- Invariants -----------------------------------------------------------------------------------------------
def test_the_database_refuses_a_leader_without_email_and_a_board_role_outside_a_board(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="lanhdao.khongmail", role=Role.LEADER, unit=world.ls_agency, email="")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="quantri.sai", role=Role.BOARD_ADMIN, unit=world.lang_son, email="a@b.vn")
