"""Issue 15's done-when, in a real browser (Debian's chromium): a new board sets up a bloc from nothing.

The board's administrator imports ten agencies and their leaders' accounts from Excel (a first file with bad rows is
refused with the rows' numbers and saves nothing), the leaders set their passwords from the e-mailed invitations,
the board's reviewer creates the bloc and sets its members, chair and vice-chair for a past year, the chair's leader
drafts the pledge with its ceremony's date and place and opens it, eight members sign online, the chair unit records
one member's signature on paper, the chair signs last: nine online signatures and one on paper. No page of the
Django admin (/quan-tri/) is opened on the way, and every name reads in Vietnamese order on the pages, the print
and the PDF.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import expect

from clusters.models import Role, Unit, UnitKind, User
from emulation.models import Pledge, PledgeSignature, PledgeStatus, SignatureMethod
from tests.factories import PASSWORD as BOARD_PASSWORD
from tests.factories import (
    BoardAdminFactory,
    BoardFactory,
    ReviewerFactory,
    UnitFactory,
    accounts_workbook,
    import_workbook,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mat-khau-rieng-2023!"

#: The ten agencies of the new bloc and their leaders, names in Vietnamese order (family, middle, given).
AGENCIES = [
    ("Sở Nội vụ tỉnh Đắk Lắk (thử)", "Y Ngông Niê Kdăm", "Giám đốc"),
    ("Sở Tài chính tỉnh Đắk Lắk (thử)", "Nguyễn Thị Hồng Nhung", "Giám đốc"),
    ("Sở Giáo dục và Đào tạo tỉnh Đắk Lắk (thử)", "Trần Văn Đức", "Giám đốc"),
    ("Sở Y tế tỉnh Đắk Lắk (thử)", "Lê Thị Thu Hà", "Giám đốc"),
    ("Sở Tư pháp tỉnh Đắk Lắk (thử)", "Phạm Quốc Bảo", "Giám đốc"),
    ("Sở Xây dựng tỉnh Đắk Lắk (thử)", "Hoàng Minh Tuấn", "Phó Giám đốc phụ trách"),
    ("Sở Công Thương tỉnh Đắk Lắk (thử)", "Võ Thị Lan Anh", "Giám đốc"),
    ("Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk (thử)", "Đặng Hữu Phước", "Giám đốc"),
    ("Sở Khoa học và Công nghệ tỉnh Đắk Lắk (thử)", "Bùi Thị Ngọc Ánh", "Giám đốc"),
    ("Thanh tra tỉnh Đắk Lắk (thử)", "Đỗ Thành Công", "Chánh Thanh tra"),
]
CHAIR, VICE_CHAIR, ON_PAPER = 0, 1, 9


def _username(index: int) -> str:
    return f"lanhdao{index + 1:02d}.daklak"


def _context_page(browser, opened: list[str]):
    page = browser.new_context(locale="vi-VN", accept_downloads=True).new_page()
    page.on("request", lambda request: opened.append(request.url))
    return page


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def _import(page, live_server, *, link: str, path, confirm_text: str):
    """Upload `path` on the import page the `link` opens, check its preview, confirm it."""
    page.get_by_role("link", name=link).click()
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("import-ready")).to_be_visible()
    page.get_by_test_id("import-confirm").get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("main")).to_contain_text(confirm_text)


def _units_file(tmp_path, province):
    rows = [
        [f"DL-{n:02d}", name, "", "Sở, ban, ngành, cơ quan, đơn vị", province.name]
        for n, (name, _, _) in enumerate(AGENCIES, start=1)
    ]
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(
        import_workbook(["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại đơn vị", "Đơn vị cấp trên"], rows).read()
    )
    return path


def _accounts_file(tmp_path, *, bad: bool = False):
    accounts = [
        {
            "username": _username(index),
            "full_name": full_name,
            "email": f"{_username(index)}@daklak.gov.vn",
            "unit": f"DL-{index + 1:02d}",
            "position": position,
        }
        for index, (_, full_name, position) in enumerate(AGENCIES)
    ]
    if bad:  # a typo in one e-mail, and a unit the board does not have
        accounts[3] = {**accounts[3], "email": "thu.ha@daklak"}
        accounts[7] = {**accounts[7], "unit": "Sở Nội vụ tỉnh Lạng Sơn"}
    path = tmp_path / ("tai-khoan-sai.xlsx" if bad else "tai-khoan.xlsx")
    path.write_bytes(accounts_workbook(accounts).read())
    return path


def _sign_online(page, live_server, pledge, position):
    page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/")
    page.get_by_test_id("sign-link").click()
    page.get_by_label("Chức vụ người ký").fill(position)
    page.get_by_label("Tôi đã đọc toàn bộ nội dung giao ước").check()
    page.get_by_label("Nhập lại mật khẩu để ký").fill(PASSWORD)
    page.get_by_role("button", name="Ký giao ước").click()
    page.wait_for_url(re.compile(rf".*/giao-uoc/{pledge.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text("Đã ký")


def test_a_new_board_sets_up_a_bloc_from_nothing_without_the_django_admin(browser, live_server, tmp_path):
    opened: list[str] = []
    dak_lak = UnitFactory(name="Tỉnh Đắk Lắk (thử)", short_name="Đắk Lắk (thử)")
    board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Đắk Lắk (thử)", parent=dak_lak)
    admin = BoardAdminFactory(unit=board, full_name="Nguyễn Văn Quản Trị")
    clerk = ReviewerFactory(unit=board, username="chuyenvien.daklak", full_name="Lương Thị Mai")

    # 1. The board's administrator imports the ten agencies, then their leaders' accounts, from Excel. A first
    #    accounts file with bad rows is refused with their row numbers, and nothing is saved.
    page = _context_page(browser, opened)
    _log_in(page, live_server, admin.username, BOARD_PASSWORD)
    page.goto(f"{live_server.url}/don-vi/")
    _import(page, live_server, link="Nhập đơn vị từ Excel", path=_units_file(tmp_path, dak_lak), confirm_text="10 mới")
    units = [Unit.objects.get(name=name) for name, _, _ in AGENCIES]
    page.goto(f"{live_server.url}/tai-khoan/")
    page.get_by_role("link", name="Nhập tài khoản từ Excel").click()
    page.set_input_files("input[name=file]", str(_accounts_file(tmp_path, bad=True)))
    page.get_by_role("button", name="Kiểm tra").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Dòng 5")
    expect(errors).to_contain_text("Dòng 9")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert not User.objects.filter(username__startswith="lanhdao").exists() and mail.outbox == []
    page.goto(f"{live_server.url}/tai-khoan/")
    _import(page, live_server, link="Nhập tài khoản từ Excel", path=_accounts_file(tmp_path), confirm_text="10 mới")
    assert len(mail.outbox) == 10  # the ten leaders, invited on confirmation only
    page.goto(f"{live_server.url}/tai-khoan/")
    for _, full_name, _ in AGENCIES:  # the accounts list reads their names in Vietnamese order
        expect(page.get_by_test_id("account-list")).to_contain_text(full_name)

    # 2. Each of them opens the e-mailed link and sets a password.
    for message in mail.outbox:
        link = re.search(r"https?://\S+/dat-mat-khau/\S+/", message.body).group(0)
        invited = _context_page(browser, opened)
        invited.goto(live_server.url + link[link.index("/dat-mat-khau/") :])
        invited.fill("input[name=new_password1]", PASSWORD)
        invited.fill("input[name=new_password2]", PASSWORD)
        invited.locator("main button[type=submit]").click()
        expect(invited.locator("h1")).to_have_text("Đã đặt mật khẩu")
        invited.context.close()
    leaders = [User.objects.get(username=_username(i)) for i in range(10)]
    assert all(leader.has_usable_password() and leader.role == Role.LEADER for leader in leaders)

    # 3. The board's reviewer creates the bloc and sets its members, chair and vice-chair for 2023, a past year.
    reviewer = _context_page(browser, opened)
    _log_in(reviewer, live_server, clerk.username, BOARD_PASSWORD)
    reviewer.goto(f"{live_server.url}/cum-khoi/them/")
    reviewer.select_option("select[name=kind]", "bloc")
    reviewer.fill("input[name=name]", "Khối thi đua các sở, ban, ngành tỉnh Đắk Lắk (thử)")
    reviewer.get_by_role("button", name="Lưu", exact=True).click()
    expect(reviewer.locator("main")).to_contain_text("Đã tạo Khối thi đua các sở, ban, ngành tỉnh Đắk Lắk (thử)")
    reviewer.get_by_label("Xem năm").fill("2023")
    reviewer.get_by_role("button", name="Mở năm").click()
    expect(reviewer.locator("h1")).to_contain_text("năm 2023")
    reviewer.get_by_role("link", name="Thành viên và trưởng, phó năm này").click()
    for name, _, _ in AGENCIES:
        reviewer.get_by_label(name).check()
    reviewer.select_option("select[name=chair]", str(units[CHAIR].pk))
    reviewer.select_option("select[name=vice_chair]", str(units[VICE_CHAIR].pk))
    reviewer.get_by_role("button", name="Lưu thành viên").click()
    expect(reviewer.locator("main")).to_contain_text("Đã lưu thành viên năm 2023.")
    expect(reviewer.get_by_test_id("chair")).to_have_text(AGENCIES[CHAIR][0])
    group_url = reviewer.url

    # 4. The chair's leader drafts the pledge with its ceremony's date and place and opens it for signing.
    chair = _context_page(browser, opened)
    _log_in(chair, live_server, _username(CHAIR), PASSWORD)
    group_pk = int(re.search(r"/cum-khoi/(\d+)/", group_url).group(1))
    chair.goto(f"{live_server.url}/giao-uoc/cum-khoi/{group_pk}/nam/2023/")
    chair.get_by_label("Tiêu đề").fill("Giao ước thi đua năm 2023")
    chair.get_by_label("Địa điểm ký kết").fill("Buôn Ma Thuột")
    chair.locator("input[name=ceremony_date]").fill("30/03/2023")
    chair.get_by_role("button", name="Lưu").click()
    expect(chair.get_by_test_id("pledge-status")).to_have_text("Dự thảo")
    chair.get_by_test_id("add-item").click()
    chair.get_by_label("Nội dung").fill("Thực hiện tốt nhiệm vụ chính trị được giao năm 2023.")
    chair.locator("input[name='targets-0-indicator']").fill("Tỷ lệ hồ sơ giải quyết đúng hạn")
    chair.locator("input[name='targets-0-unit_of_measure']").fill("%")
    chair.locator("input[name='targets-0-target_value']").fill("100")
    chair.get_by_role("button", name="Lưu", exact=True).click()
    chair.get_by_test_id("add-criterion").click()
    chair.get_by_label("Nhóm tiêu chí").fill("I. Thực hiện nhiệm vụ chính trị")
    chair.get_by_label("Mã").fill("1.1")
    chair.locator("input[name=title]").fill("Hoàn thành chỉ tiêu được giao")
    chair.get_by_label("Điểm tối đa").fill("100")
    chair.get_by_role("button", name="Lưu", exact=True).click()
    chair.get_by_test_id("open-for-signing").click()
    expect(chair.get_by_test_id("pledge-status")).to_have_text("Đang ký kết")
    pledge = Pledge.objects.get(group_id=group_pk, year=2023)

    # 5. Eight members sign online, each in their own browser.
    for index in range(1, 9):
        member = _context_page(browser, opened)
        _log_in(member, live_server, _username(index), PASSWORD)
        _sign_online(member, live_server, pledge, AGENCIES[index][2])
        member.context.close()

    # 6. The chair unit records the tenth member's signature, given on paper at the ceremony, with the scan.
    scan = tmp_path / "trang-ky-thanh-tra.pdf"
    scan.write_bytes(b"%PDF-1.4\n% trang ky giao uoc co chu ky va con dau\n%%EOF\n")
    chair.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/")
    chair.get_by_test_id("paper-sign-link").click()
    chair.select_option("select[name=unit]", str(units[ON_PAPER].pk))
    chair.get_by_label("Họ và tên người ký").fill(AGENCIES[ON_PAPER][1])
    chair.get_by_label("Chức vụ người ký").fill(AGENCIES[ON_PAPER][2])
    chair.locator("input[name=signed_on]").fill(pledge.opened_at.astimezone().strftime("%d/%m/%Y"))
    chair.locator("input[name=scan]").set_input_files(str(scan))
    chair.get_by_role("button", name="Ghi nhận chữ ký trên giấy").click()
    expect(chair.get_by_test_id("on-paper").first).to_be_visible()

    # 7. The chair signs last: the pledge is signed by all ten and locked.
    _sign_online(chair, live_server, pledge, AGENCIES[CHAIR][2])
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    signatures = PledgeSignature.objects.filter(pledge=pledge, voided_at__isnull=True)
    assert signatures.filter(method=SignatureMethod.ONLINE).count() == 9
    assert signatures.get(method=SignatureMethod.PAPER).unit == units[ON_PAPER]
    expect(chair.get_by_test_id("progress-count")).to_contain_text("10/10")

    # 8. Names read in Vietnamese order on the pledge page, its print and its PDF, with the ceremony's place and date.
    for _, full_name, _ in AGENCIES:
        expect(chair.locator("main")).to_contain_text(full_name)
    chair.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/in/")
    printed = chair.locator("main").inner_text() if chair.locator("main").count() else chair.inner_text("body")
    assert "Buôn Ma Thuột, ngày 30 tháng 3 năm 2023" in printed
    assert "Đã ký trên giấy" in printed
    for _, full_name, _ in AGENCIES:
        assert full_name in printed
    pdf = chair.request.get(f"{live_server.url}/giao-uoc/{pledge.pk}/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    pdf_path = tmp_path / "giao-uoc.pdf"
    pdf_path.write_bytes(pdf.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True).stdout
    assert "Buôn Ma Thuột, ngày 30 tháng 3 năm 2023" in text
    for _, full_name, _ in AGENCIES:
        assert full_name in text

    # 9. Nothing on the way opened the Django admin.
    assert opened and not [url for url in opened if "/quan-tri/" in url]
    assert Unit.objects.filter(parent=dak_lak, kind=UnitKind.AGENCY).count() == 10
