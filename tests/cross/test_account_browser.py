"""In a real browser (Debian's chromium): a board's administrator invites a leader from the accounts page; the
leader opens the e-mailed link, sets a password and logs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clusters.models import UnitKind
from tests.factories import BoardAdminFactory, BoardFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_admin_invites_a_leader_who_sets_a_password_and_logs_in(page, live_server, login_in_browser):
    lang_son = UnitFactory(name="Tỉnh Lạng Sơn", short_name="Lạng Sơn")
    board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Lạng Sơn", parent=lang_son)
    UnitFactory(kind=UnitKind.AGENCY, name="Sở Giáo dục và Đào tạo tỉnh Lạng Sơn", parent=lang_son)
    home_affairs = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ tỉnh Lạng Sơn", parent=lang_son)
    login_in_browser(page, BoardAdminFactory(unit=board))

    page.get_by_role("link", name="Tài khoản", exact=True).first.click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.fill("input[name=username]", "lanhdao.snv")
    page.fill("input[name=full_name]", "Nguyễn Đình Đức")
    page.fill("input[name=email]", "duc.nd@langson.gov.vn")
    page.select_option("select[name=role]", label="Lãnh đạo đơn vị")
    page.get_by_test_id("search-unit").fill("noi vu")  # the unit list narrows as one types, without diacritics
    expect(page.locator("select[name=unit]")).to_have_value(str(home_affairs.pk))
    expect(page.locator("select[name=unit] option:not([hidden])")).to_have_count(2)  # the empty choice and Nội vụ
    page.get_by_role("button", name="Tạo tài khoản và gửi lời mời").click()
    expect(page.locator("main")).to_contain_text("Đã tạo tài khoản lanhdao.snv")
    expect(page.get_by_test_id("account-status")).to_contain_text("Chưa đặt mật khẩu")
    page.get_by_role("button", name="Đăng xuất").click()

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/dat-mat-khau/\S+/", message.body).group(0)
    page.goto(live_server.url + link[link.index("/dat-mat-khau/") :])
    expect(page.locator("main")).to_contain_text("lanhdao.snv")
    page.fill("input[name=new_password1]", "Mat-khau-moi-2025!")
    page.fill("input[name=new_password2]", "Mat-khau-moi-2025!")
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Đã đặt mật khẩu")

    page.get_by_role("link", name="Đăng nhập").last.click()
    page.fill("main input[name=username]", "lanhdao.snv")
    page.fill("main input[name=password]", "Mat-khau-moi-2025!")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_test_id("current-user")).to_contain_text("Nguyễn Đình Đức")
