"""In a real browser (Debian's chromium): a drop-down too long to list (clusters.pickers) is searched as one types,
without diacritics; the row picked is saved with the form."""

import pytest
from playwright.sync_api import expect

from clusters import pickers
from clusters.models import Unit, UnitKind
from emulation.models import Campaign
from tests.factories import AdminFactory, BoardFactory, ReviewerFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def many(monkeypatch):
    """Pickers list at most 3 rows: the handful of units below is too many to list."""
    monkeypatch.setattr(pickers, "THRESHOLD", 3)


def test_an_admin_searches_a_units_parent_without_diacritics_and_saves_it(page, live_server, login_in_browser, many):
    for name in ["Tỉnh Lạng Sơn", "Tỉnh Lào Cai", "Tỉnh Hà Giang", "Tỉnh Cao Bằng"]:
        UnitFactory(name=name)
    dak_lak = UnitFactory(name="Tỉnh Đắk Lắk")
    office = UnitFactory(name="Sở Nội vụ tỉnh Đắk Lắk", kind=UnitKind.AGENCY, short_name="Sở Nội vụ")

    login_in_browser(page, AdminFactory())
    page.goto(f"{live_server.url}/don-vi/{office.pk}/sua/")
    parent = page.locator("select[name=parent]")
    expect(parent.locator("option")).to_have_count(1)  # the empty choice only: the units are searched
    search = page.get_by_test_id("picker-parent")
    status = page.locator("#" + search.get_attribute("aria-describedby"))  # the live line under the box
    search.fill("d")
    expect(status).to_have_text("Gõ ít nhất 2 ký tự để tìm")
    search.fill("dak lak")
    expect(status).to_contain_text("Tìm thấy 2 kết quả")
    parent.select_option(label="Tỉnh Đắk Lắk")
    search.fill("khong co don vi nay")
    expect(status).to_have_text("Không tìm thấy")
    expect(parent).to_have_value(str(dak_lak.pk))  # the choice made stays through a search that finds nothing
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("h1")).to_contain_text("Sở Nội vụ tỉnh Đắk Lắk")
    assert Unit.objects.get(pk=office.pk).parent == dak_lak


def test_a_reviewer_adds_participants_found_by_search_to_a_campaign(page, live_server, login_in_browser, many):
    province = UnitFactory(name="Tỉnh Quảng Trị")
    board = BoardFactory(parent=province)
    health = UnitFactory(name="Sở Y tế Quảng Trị", parent=province, kind=UnitKind.AGENCY)
    for i in range(4):
        UnitFactory(name=f"Sở Tài chính Quảng Trị {i}", parent=province, kind=UnitKind.AGENCY)

    login_in_browser(page, ReviewerFactory(unit=board))
    page.goto(f"{live_server.url}/phong-trao/them/")
    page.fill("input[name=title]", "Thi đua chuyển đổi số")
    page.select_option("select[name=authority]", index=1)
    page.select_option("select[name=kind]", index=1)
    page.fill("input[name=start_date]", "01/01/2025")
    page.fill("textarea[name=goals]", "Hoàn thành chuyển đổi số")
    page.get_by_test_id("picker-units").fill("y te quang tri")
    units = page.locator("select[name=units]")
    expect(units.locator("option")).to_have_count(1)
    units.select_option(str(health.pk))
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("h1")).to_contain_text("Thi đua chuyển đổi số")
    assert list(Campaign.objects.get().units.all()) == [health]


def test_a_picker_passes_axe_fits_a_phone_and_has_large_targets(browser, live_server, many):
    from tests.cross.test_accessibility_browser import (
        MIN_TAP,
        PHONE,
        SIDEWAYS,
        SMALL_TARGETS,
        _axe,
        _log_in,
    )

    for i in range(5):
        UnitFactory(name=f"Tỉnh Thử Nghiệm Dài Tên Để Xem Có Tràn Màn Hình Điện Thoại Hay Không {i}")
    office = UnitFactory(name="Sở Nội vụ", kind=UnitKind.AGENCY)
    context = browser.new_context(storage_state=_log_in(browser, live_server, AdminFactory()), locale="vi-VN", **PHONE)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/don-vi/{office.pk}/sua/")
    phone.get_by_test_id("picker-parent").fill("thu nghiem")
    expect(phone.locator("select[name=parent] option")).to_have_count(6)  # the empty choice and the 5 found
    assert _axe(phone, live_server) == []
    assert phone.evaluate(SIDEWAYS) is None
    assert phone.evaluate(SMALL_TARGETS, MIN_TAP) == []
    context.close()
