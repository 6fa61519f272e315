"""In a real browser: a failing proposal with a justification, returned, fixed, resubmitted,
approved, decided, and its certificate downloaded."""

import subprocess

import pytest

from awards.models import Proposal, ProposalStatus
from clusters.models import Gender
from tests.factories import PASSWORD, AwardRecordFactory, PersonFactory, attach_dossier, award_type, make_award_world


def login_as(page, live_server, user):
    """Log in through the login form (targeted inside <main>: the navbar has submit buttons too)."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_failing_proposal_goes_back_and_forth_then_gets_its_certificate(page, live_server, transactional_db, tmp_path):
    world = make_award_world()
    person = PersonFactory(
        unit=world.lang_son, full_name="Lường Thị Mai", gender=Gender.FEMALE, position="Giáo viên mầm non"
    )
    for year in range(2019, 2024):
        AwardRecordFactory(nominee_person=person, award_type=award_type("CSTD_CO_SO"), year=year)
    url = live_server.url

    # Staff prepare a Prime Minister's Bằng khen without a provincial one first: fails under Decree 98/2023.
    login_as(page, live_server, world.staff)
    page.goto(f"{url}/khen-thuong/lap/")
    page.select_option("#id_award_type", label="Bằng khen của Thủ tướng Chính phủ (tập thể và cá nhân)")
    page.fill("#id_year", "2023")
    page.select_option("#id_nominee_person", value=str(person.pk))
    page.fill("#id_proposal_date", "05/03/2024")  # dd/mm/yyyy in every browser (issue 22)
    page.fill("#id_achievements", "Năm năm liền Chiến sĩ thi đua cơ sở.")
    page.fill("#id_justification", "Thành tích xuất sắc liên tục ở xã biên giới.")
    page.click("main input[type=submit]")
    page.wait_for_selector("[data-testid=eligibility]")
    assert "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh" in page.inner_text("[data-testid=rule-failed]")
    assert page.locator("text=Trình kèm tờ trình").count() == 0  # staff cannot submit
    proposal = Proposal.objects.get(nominee_person=person)
    attach_dossier(proposal)  # the achievements report and the council's minutes

    # The unit leader sends it up with a covering submission.
    login_as(page, live_server, world.leader)
    page.goto(f"{url}/khen-thuong/{proposal.pk}/")
    page.click("text=Trình kèm tờ trình")
    page.fill("#id_number", "12/TTr-UBND")
    page.fill("#id_title", "Đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm 2023")
    page.click("main input[type=submit]")
    page.wait_for_url(f"{url}/khen-thuong/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    # The provincial board's reviewer (a state-level award is reviewed by the province first, issue 18 item 3)
    # sees the failure highlighted and returns it.
    login_as(page, live_server, world.province_reviewer)
    page.goto(f"{url}/khen-thuong/tham-dinh/")
    assert page.locator("tr.table-danger").count() == 1
    page.click("text=Lường Thị Mai")
    assert "Thành tích xuất sắc liên tục ở xã biên giới." in page.inner_text("[data-testid=justification]")
    page.fill("#id_review_comment", "Bổ sung quá trình công tác 5 năm.")
    page.click("button:has-text('Trả lại để bổ sung')")
    page.wait_for_selector("text=Trả lại để bổ sung")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED

    # Staff fix the dossier; the leader resubmits.
    login_as(page, live_server, world.staff)
    page.goto(f"{url}/khen-thuong/{proposal.pk}/")
    assert "Bổ sung quá trình công tác 5 năm." in page.inner_text("[data-testid=history]")
    page.click("text=Sửa hồ sơ")
    page.fill("#id_achievements", "Năm năm liền Chiến sĩ thi đua cơ sở (2019–2023), quá trình công tác đã bổ sung.")
    page.click("main input[type=submit]")
    page.wait_for_selector("text=Đã lưu hồ sơ.")
    login_as(page, live_server, world.leader)
    page.goto(f"{url}/khen-thuong/{proposal.pk}/")
    page.click("button:has-text('Trình lại')")
    page.wait_for_selector("text=Đã trình lại đề nghị.")

    # The province approves and sends it up in a khen cao dossier; the central board records the decision there.
    login_as(page, live_server, world.province_reviewer)
    page.goto(f"{url}/khen-thuong/{proposal.pk}/")
    page.click("button:has-text('Đồng ý')")
    page.wait_for_selector("[data-testid=routing]")
    assert page.locator("text=Ghi nhận quyết định khen thưởng").count() == 0  # not the province's to decide
    page.goto(f"{url}/khen-thuong/khen-cao/lap/")
    page.fill("#id_number", "30/TTr-UBND")
    page.fill("#id_title", "Đề nghị Thủ tướng Chính phủ tặng Bằng khen")
    page.check("text=Lường Thị Mai")
    page.click("main input[type=submit]")
    page.wait_for_selector("[data-testid=dispatch-items]")
    login_as(page, live_server, world.reviewer)
    page.goto(f"{url}/khen-thuong/khen-cao/")
    page.click("text=30/TTr-UBND")
    page.fill("[data-testid=outcome-form] input[name=number]", "452/QĐ-TTg")
    page.fill("[data-testid=outcome-form] input[name=date]", "20/04/2024")
    page.click("button:has-text('Ghi nhận')")
    page.wait_for_selector("[data-testid=outcome-granted]")
    login_as(page, live_server, world.province_reviewer)  # the outcome comes back to the province
    page.goto(f"{url}/khen-thuong/{proposal.pk}/")
    assert "Được khen thưởng" in page.inner_text("[data-testid=dispatch-outcome]")
    page.wait_for_selector("[data-testid=decision]")
    with page.expect_download() as download_info:
        page.click("[data-testid=certificate]")
    target = tmp_path / "bang-khen.pdf"
    download_info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True).stdout.decode()
    assert "BẰNG KHEN" in text and "Bà Lường Thị Mai" in text and "452/QĐ-TTg" in text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
