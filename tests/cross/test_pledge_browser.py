"""In the browser: the chair's staff drafts and opens a pledge, two member leaders sign, the chair signs last,
and the pledge shows as signed and locked, printable and verifiable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from emulation.models import Pledge, PledgeSignature, PledgeStatus
from tests.factories import PASSWORD, StaffFactory, leader_of, make_group_year

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _page_for(browser, live_server, user):
    """A fresh browser context logged in as `user` through the login form.

    (conftest's login_in_browser clicks the first submit button of the page, which is the
    navbar's language switch, so the login form is targeted explicitly here.)
    """
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def _sign(page, live_server, pledge):
    page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/")
    page.get_by_test_id("sign-link").click()
    page.get_by_label("Tôi đã đọc toàn bộ nội dung giao ước").check()
    page.get_by_label("Nhập lại mật khẩu để ký").fill(PASSWORD)
    page.get_by_role("button", name="Ký giao ước").click()
    page.wait_for_url(re.compile(rf".*/giao-uoc/{pledge.pk}/$"))


def test_chair_opens_members_sign_chair_signs_last_and_the_pledge_is_locked(browser, live_server):
    group, units = make_group_year(year=2023, size=3)
    chair, first_member, second_member = units
    staff = StaffFactory(unit=chair)

    # The chair's staff drafts the pledge, adds a content item with a target and a criterion, and opens it.
    page = _page_for(browser, live_server, staff)
    page.goto(f"{live_server.url}/giao-uoc/cum-khoi/{group.pk}/nam/2023/")
    page.get_by_label("Tiêu đề").fill("Giao ước thi đua năm 2023")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("pledge-status")).to_have_text("Dự thảo")
    page.get_by_test_id("add-item").click()
    page.get_by_label("Nội dung").fill("Đẩy mạnh công tác tuyên truyền, nhân rộng gương “Người tốt, việc tốt”.")
    page.locator("input[name='targets-0-indicator']").fill("Số mô hình được nhân rộng")
    page.locator("input[name='targets-0-unit_of_measure']").fill("mô hình")
    page.locator("input[name='targets-0-target_value']").fill("10")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_test_id("items")).to_contain_text("Thứ nhất")
    page.get_by_test_id("add-criterion").click()
    page.get_by_label("Nhóm tiêu chí").fill("I. Thực hiện nhiệm vụ chính trị")
    page.get_by_label("Mã").fill("1.1")
    page.locator("input[name=title]").fill("Tăng trưởng kinh tế")
    page.get_by_label("Điểm tối đa").fill("100")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_test_id("total-points")).to_have_text("100")
    page.get_by_test_id("open-for-signing").click()
    expect(page.get_by_test_id("pledge-status")).to_have_text("Đang ký kết")
    pledge = Pledge.objects.get(group=group, year=2023)

    # The chair's leader cannot close it before the members have signed.
    chair_page = _page_for(browser, live_server, leader_of(chair))
    chair_page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/ky/")
    expect(chair_page.get_by_text("Đơn vị trưởng ký sau cùng")).to_be_visible()

    # Two member leaders sign in their own browsers.
    for unit in (first_member, second_member):
        member_page = _page_for(browser, live_server, leader_of(unit))
        _sign(member_page, live_server, pledge)
        expect(member_page.get_by_text("Đã ký thay mặt")).to_be_visible()
    expect(member_page.get_by_test_id("progress-count")).to_have_text("2/3 đơn vị đã ký")

    # The chair signs last: the pledge is signed and locked.
    _sign(chair_page, live_server, pledge)
    expect(chair_page.get_by_test_id("pledge-status")).to_have_text("Đã ký kết (khóa)")
    expect(chair_page.get_by_test_id("locked-notice")).to_be_visible()
    expect(chair_page.get_by_test_id("progress-count")).to_have_text("3/3 đơn vị đã ký")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert set(PledgeSignature.objects.filter(pledge=pledge).values_list("unit", flat=True)) == {u.pk for u in units}

    # The staff page no longer offers any edit; the printable page lists the signers; verification says intact.
    page.reload()
    expect(page.get_by_test_id("add-item")).to_have_count(0)
    expect(page.get_by_test_id("open-for-signing")).to_have_count(0)
    page.get_by_role("link", name="Bản in").click()
    expect(page.get_by_test_id("signature-block")).to_contain_text(leader_of(first_member).get_full_name())
    pdf = page.request.get(f"{live_server.url}/giao-uoc/{pledge.pk}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}/giao-uoc/xac-minh/{pledge.verification_code}/")
    expect(anonymous.get_by_test_id("verdict")).to_contain_text("Nguyên vẹn")


def test_the_seven_south_east_leaders_sign_the_seed_000_pledge_in_the_browser_and_it_prints_and_verifies(
    browser, live_server
):
    """Issue 3's end point: the South-East cluster's 2023 pledge (the demo's eight items of seed 000), signed in
    the browser by its seven member leaders with their demo accounts, Bình Phước (the chair) last."""
    from clusters.demo import accounts as organisation_demo
    from clusters.models import User
    from emulation.demo import pledges as demo

    organisation_demo.load_demo()
    demo.load_demo()
    pledge = Pledge.objects.get(group__name=demo.SOUTH_EAST, year=2023)
    members = pledge.group.memberships.filter(year=2023).select_related("unit")
    chair = next(m.unit for m in members if m.role == "chair")
    order = [m.unit for m in members if m.role != "chair"] + [chair]
    assert len(order) == 7 and chair.short_name == "Bình Phước"

    for count, unit in enumerate(order, start=1):
        leader = User.objects.get(username=f"lanhdao.{organisation_demo.slug(unit.short_name)}")
        page = browser.new_context(locale="vi-VN").new_page()
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("main input[name=username]", leader.username)
        page.fill("main input[name=password]", organisation_demo.DEMO_PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/")
        page.get_by_test_id("sign-link").click()
        page.get_by_label("Tôi đã đọc toàn bộ nội dung giao ước").check()
        page.get_by_label("Nhập lại mật khẩu để ký").fill(organisation_demo.DEMO_PASSWORD)
        page.get_by_role("button", name="Ký giao ước").click()
        page.wait_for_url(re.compile(rf".*/giao-uoc/{pledge.pk}/$"))
        expect(page.get_by_test_id("progress-count")).to_have_text(f"{count}/7 đơn vị đã ký")
        if unit != chair:
            page.context.close()

    # The chair's page: signed and locked; the printable page and the PDF list all seven; verification intact.
    expect(page.get_by_test_id("pledge-status")).to_have_text("Đã ký kết (khóa)")
    page.get_by_role("link", name="Bản in").click()
    signature_block = page.get_by_test_id("signature-block")
    for unit in order:
        expect(signature_block).to_contain_text(unit.name)
    pdf = page.request.get(f"{live_server.url}/giao-uoc/{pledge.pk}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}/giao-uoc/xac-minh/{Pledge.objects.get(pk=pledge.pk).verification_code}/")
    expect(anonymous.get_by_test_id("verdict")).to_contain_text("Nguyên vẹn")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert pledge.signatures.count() == 7 and pledge.signatures.get(is_chair=True).unit == chair
