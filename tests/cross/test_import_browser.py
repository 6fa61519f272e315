"""In a real browser (Debian's chromium): a board's administrator imports leaders' accounts from Excel. A file with a
bad row is refused with its row and column and nothing saved; the corrected file is previewed, confirmed, and each
new leader gets the invitation e-mail. The preview passes axe and fits a phone."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from clusters.models import UnitKind, User
from tests.cross.test_accessibility_browser import AXE, MIN_TAP, PHONE, RUN_AXE, SIDEWAYS, SMALL_TARGETS, WCAG_TAGS
from tests.factories import BoardAdminFactory, BoardFactory, UnitFactory, accounts_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_admin_imports_leaders_accounts_from_excel(browser, live_server, login_in_browser, tmp_path):
    lang_son = UnitFactory(name="Tỉnh Lạng Sơn", short_name="Lạng Sơn", code="20")
    board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Lạng Sơn", parent=lang_son)
    agencies = [
        UnitFactory(kind=UnitKind.AGENCY, name=f"Sở số {n} tỉnh Lạng Sơn", parent=lang_son, code=f"LS-{n}")
        for n in range(1, 4)
    ]
    leaders = [
        {
            "username": f"lanhdao.so{n}",
            "full_name": f"Nguyễn Đình Đức {n}",
            "email": f"so{n}@langson.gov.vn",
            "unit": unit,
        }
        for n, unit in enumerate(agencies, start=1)
    ]
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(accounts_workbook([*leaders[:2], {**leaders[2], "email": "khong-phai-thu"}]).read())
    good = tmp_path / "tai-khoan.xlsx"
    good.write_bytes(accounts_workbook(leaders).read())
    page = browser.new_context(locale="vi-VN", **PHONE).new_page()  # on a phone
    login_in_browser(page, BoardAdminFactory(unit=board))

    page.goto(f"{live_server.url}/tai-khoan/")
    page.get_by_role("link", name="Nhập tài khoản từ Excel").click()
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text(
        "Dòng 4 — E-mail: «khong-phai-thu» không phải địa chỉ e-mail hợp lệ."
    )
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert not User.objects.filter(username__startswith="lanhdao.so").exists()

    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("import-ready")).to_contain_text("3 dòng mới sẽ được nhập.")
    assert page.evaluate(SIDEWAYS) is None
    assert page.evaluate(SMALL_TARGETS, MIN_TAP) == []
    page.add_script_tag(url=live_server.url + AXE)
    assert page.evaluate(RUN_AXE, WCAG_TAGS) == []
    assert mail.outbox == []

    page.get_by_test_id("import-confirm").get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("main")).to_contain_text("Đã nhập tài khoản từ Excel: 3 mới, 0 không đổi.")
    assert sorted(m.to[0] for m in mail.outbox) == [f"so{n}@langson.gov.vn" for n in (1, 2, 3)]
    assert User.objects.filter(username__startswith="lanhdao.so", role="leader").count() == 3
