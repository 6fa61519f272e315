"""In a real browser, one province's year (issue 18's done-when): two units register titles and one registration is
returned and fixed; a Chiến sĩ thi đua cơ sở is decided inside its unit without reaching the province; a Bằng khen
của Thủ tướng goes through the province's review steps (the clerk receives it, a specialist related to its unit is
neither offered nor given it, another records the verdict, the head and the leader approve), is bundled with two
others into a khen cao dossier, decided by the central board, and the outcome shows on the province's side."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardRecord, Proposal, ProposalStatus, RegistrationStatus
from awards.services.proposals import proposal_create
from awards.services.registrations import registration_create, registration_entry_add, registration_submit
from awards.services.review import (
    relation_declare,
    review_approve,
    review_assign,
    review_receive,
    review_verdict,
)
from awards.services.workflow import submission_create
from tests.awards.test_review_steps import _board
from tests.cross.test_award_browser import login_as
from tests.factories import (
    LeaderFactory,
    PersonFactory,
    StaffFactory,
    UnitFactory,
    attach_dossier,
    award_type,
    make_award_world,
)

YEAR = 2025


def _propose(world, unit, staff, leader, code, name, number):
    proposal = proposal_create(
        actor=staff, proposing_unit=unit, award_type_code=code, year=YEAR,
        nominee_person=PersonFactory(unit=unit, full_name=name), achievements="Hoàn thành xuất sắc nhiệm vụ.",
        justification="Giải trình.", proposal_date=datetime.date(YEAR, 11, 20),
    )  # fmt: skip
    attach_dossier(proposal)
    submission_create(
        actor=leader, proposing_unit=unit, year=YEAR, number=number, title="Tờ trình", proposals=[proposal]
    )
    return proposal


@pytest.mark.browser
def test_one_provinces_year_registration_routing_and_khen_cao(page, live_server, transactional_db):
    world = make_award_world(YEAR)
    url = live_server.url
    health = UnitFactory(name="Sở Y tế Lạng Sơn (thử)", parent=world.lang_son, kind="agency")
    health_staff, health_leader = StaffFactory(unit=health), LeaderFactory(unit=health)
    doctor = PersonFactory(unit=health, full_name="Hoàng Thị Bác Sĩ")
    school = UnitFactory(name="Sở Giáo dục Lạng Sơn (thử)", parent=world.lang_son, kind="agency")
    school_staff, school_leader = StaffFactory(unit=school), LeaderFactory(unit=school)
    other = registration_create(actor=school_staff, unit=school, year=YEAR)
    registration_entry_add(
        actor=school_staff, registration=other, award_type=award_type("TAP_THE_LDXS"), nominee_unit=school
    )
    registration_submit(actor=school_leader, registration=other)

    # 1. The health department registers in the browser; the board returns it; it is fixed and accepted.
    login_as(page, live_server, health_staff)
    page.goto(f"{url}/khen-thuong/dang-ky/lap/")
    page.fill("#id_year", str(YEAR))
    page.click("main input[type=submit]")
    page.wait_for_selector("[data-testid=entries]")
    page.select_option("#id_award_type", label="Chiến sĩ thi đua cơ sở")
    page.select_option("#id_nominee_person", value=str(doctor.pk))
    page.fill("#id_planned_initiative", "Ứng dụng bệnh án điện tử")
    page.click("button:has-text('Thêm vào bản đăng ký')")
    page.wait_for_selector("text=Ứng dụng bệnh án điện tử")
    registration_url = page.url
    login_as(page, live_server, health_leader)
    page.goto(registration_url)
    with page.expect_navigation():
        page.click("button:has-text('Gửi bản đăng ký')")
    login_as(page, live_server, world.province_reviewer)
    page.goto(registration_url)
    page.fill("#id_reason", "Bổ sung đăng ký Lao động tiên tiến.")
    page.click("button:has-text('Trả lại')")
    page.wait_for_selector("[data-testid=return-reason]")
    login_as(page, live_server, health_staff)
    page.goto(registration_url)
    assert "Bổ sung đăng ký Lao động tiên tiến." in page.inner_text("[data-testid=return-reason]")
    page.select_option("#id_award_type", label="Lao động tiên tiến")
    page.select_option("#id_nominee_person", value=str(doctor.pk))
    page.click("button:has-text('Thêm vào bản đăng ký')")
    page.wait_for_selector("text=Đã thêm vào bản đăng ký.")
    login_as(page, live_server, health_leader)
    page.goto(registration_url)
    with page.expect_navigation():
        page.click("button:has-text('Gửi bản đăng ký')")
    login_as(page, live_server, world.province_reviewer)
    for target in (registration_url, f"{url}/khen-thuong/dang-ky/{other.pk}/"):
        page.goto(target)
        with page.expect_navigation():
            page.click("button:has-text('Chấp nhận')")
    page.goto(f"{url}/khen-thuong/dang-ky/tong-hop/{world.province_board.pk}/{YEAR}/")
    table = page.inner_text("[data-testid=consolidated]")
    assert "Hoàng Thị Bác Sĩ" in table and "Sở Giáo dục Lạng Sơn (thử)" in table
    assert health.pk and other.recipient_id == world.province_board.pk
    assert other.__class__.objects.filter(status=RegistrationStatus.ACCEPTED).count() == 2

    # 2. The doctor's Chiến sĩ thi đua cơ sở is decided inside the unit; the province never sees it.
    basic = _propose(world, health, health_staff, health_leader, "CSTD_CO_SO", "Hoàng Thị Bác Sĩ", "01/TTr-SYT")
    login_as(page, live_server, world.province_reviewer)
    page.goto(f"{url}/khen-thuong/tham-dinh/")
    assert "Hoàng Thị Bác Sĩ" not in page.inner_text("main")
    login_as(page, live_server, health_leader)
    page.goto(f"{url}/khen-thuong/{basic.pk}/")
    assert "Đã đăng ký thi đua danh hiệu này từ đầu năm" in page.inner_text("[data-testid=eligibility]")
    page.fill("#id_unit_number", "25/QĐ-SYT")
    page.click("button:has-text('Quyết định khen thưởng tại đơn vị')")
    page.wait_for_selector("text=Đã ghi nhận quyết định khen thưởng tại đơn vị.")
    basic.refresh_from_db()
    assert basic.status == ProposalStatus.DECIDED and AwardRecord.objects.filter(proposal=basic).exists()

    # 3. Three Prime Minister's certificates: reviewed by the province in its review steps (clerk, specialist, head,
    #    leader), then bundled into one khen cao dossier. A specialist related to the health department is never
    #    offered its dossier and is refused it; another specialist assesses it.
    _board(world)
    related = relation_declare(actor=world.specialist2, unit=health, note="Vợ công tác tại Sở Y tế")
    names = ["Phạm Văn Một", "Vũ Thị Hai", "Lý Văn Ba"]
    proposals = [
        _propose(world, health, health_staff, health_leader, "BANG_KHEN_THU_TUONG", name, f"1{n}/TTr-SYT")
        for n, name in enumerate(names)
    ]
    for proposal in proposals[1:]:
        review_receive(actor=world.clerk, proposal=proposal)
        review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
        review_verdict(actor=world.specialist, proposal=proposal, verdict="meets", note="Đủ điều kiện.")
        review_approve(actor=world.head, proposal=proposal, step="head")
        review_approve(actor=world.chief, proposal=proposal, step="leader")

    def holder(user, inbox):
        login_as(page, live_server, user)
        page.goto(f"{url}/khen-thuong/tham-dinh/hop-thu/{inbox}/")
        page.get_by_role("link", name="Phạm Văn Một").click()

    holder(world.clerk, "tiep-nhan")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    offered = page.get_by_label("Chuyên viên").inner_text()
    assert "Nông Văn Chuyên" in offered and "Lý Thị Thẩm" not in offered  # recusal: not offered
    with pytest.raises(ValidationError):
        review_assign(actor=world.clerk, proposal=proposals[0], specialist=world.specialist2)  # nor given
    assert related.unit == health
    page.get_by_label("Chuyên viên").select_option(label="Nông Văn Chuyên")
    page.get_by_role("button", name="Phân công", exact=True).click()
    page.get_by_text("Đã phân công cho Nông Văn Chuyên.").wait_for()
    holder(world.specialist, "chuyen-vien")
    page.get_by_label("Đủ điều kiện", exact=True).check()
    page.get_by_label("Ý kiến thẩm định").fill("Hồ sơ đầy đủ, đạt các điều kiện.")
    page.get_by_role("button", name="Ghi kết luận").click()
    page.get_by_text("Đã ghi kết luận thẩm định.").wait_for()
    for user, inbox in ((world.head, "truong-phong"), (world.chief, "lanh-dao")):
        holder(user, inbox)
        page.get_by_role("button", name="Duyệt", exact=True).click()
        page.get_by_text("Đã duyệt.").wait_for()
    page.goto(f"{url}/khen-thuong/{proposals[0].pk}/")
    timeline = page.get_by_test_id("review-timeline").inner_text()
    assert all(name in timeline for name in ("Hoàng Thị Văn", "Nông Văn Chuyên", "Vi Văn Trưởng", "Hà Đức Lãnh"))
    assert "Ban cấp tỉnh thẩm định, gửi hồ sơ khen cao lên Trung ương quyết định" in page.inner_text(
        "[data-testid=routing]"
    )
    login_as(page, live_server, world.province_reviewer)
    page.goto(f"{url}/khen-thuong/khen-cao/lap/")
    page.fill("#id_number", "88/TTr-UBND")
    page.fill("#id_title", "Đề nghị Thủ tướng Chính phủ tặng Bằng khen")
    for name in names:
        page.check(f"text={name}")
    page.click("main input[type=submit]")
    page.wait_for_selector("[data-testid=dispatch-items]")
    dispatch_url = page.url

    # 4. The central board decides two and refuses one; the province sees the outcome come back.
    login_as(page, live_server, world.reviewer)
    page.goto(dispatch_url)
    for _ in range(2):
        page.locator("[data-testid=outcome-form] input[name=number]").first.fill("1234/QĐ-TTg")
        with page.expect_navigation():
            page.locator("[data-testid=outcome-form] button:has-text('Ghi nhận')").first.click()
    row = page.locator("[data-testid=outcome-form]").first
    row.locator("select[name=outcome]").select_option("refused")
    row.locator("input[name=note]").fill("Chưa đủ thời gian từ lần khen trước.")
    row.locator("button:has-text('Ghi nhận')").click()
    page.wait_for_selector("[data-testid=outcome-refused]")
    login_as(page, live_server, world.province_reviewer)
    page.goto(dispatch_url)
    items = page.inner_text("[data-testid=dispatch-items]")
    assert items.count("Được khen thưởng") == 2 and "Chưa đủ thời gian từ lần khen trước." in items
    page.goto(f"{url}/khen-thuong/{proposals[0].pk}/")
    assert "1234/QĐ-TTg" in page.inner_text("[data-testid=dispatch-outcome]")
    assert Proposal.objects.filter(pk__in=[p.pk for p in proposals], status=ProposalStatus.DECIDED).count() == 2
