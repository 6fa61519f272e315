"""In a real browser (issue 17): a board takes 200 approved proposals into one decision, generates the decision
and its annex from the default template and from an uploaded one, issues it (200 records with consecutive
register numbers), opens the public page, and revokes one record with a revoking decision (gone from the
eligibility history)."""

import datetime

import pytest

from awards.models import AwardRecord, Decision, ProposalStatus
from awards.selectors.proposals import eligibility_facts
from clusters import writers
from tests.factories import PASSWORD, PersonFactory, ProposalFactory, award_type, make_award_world


def login_as(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def _download(page, link_text: str) -> bytes:
    with page.expect_download() as info:
        page.click(f"text={link_text}")
    return open(info.value.path(), "rb").read()


@pytest.mark.browser
def test_a_board_issues_200_awards_in_one_decision_and_revokes_one(page, live_server, transactional_db, tmp_path):
    world = make_award_world()
    proposals = [
        ProposalFactory(
            proposing_unit=world.lang_son, status=ProposalStatus.APPROVED, proposal_date=datetime.date(2023, 12, 1),
            award_type=award_type("LAO_DONG_TIEN_TIEN"),
            nominee_person=PersonFactory(unit=world.lang_son, full_name=f"Hoàng Văn Số {n:03d}"),
        )
        for n in range(200)
    ]  # fmt: skip
    url = live_server.url
    login_as(page, live_server, world.province_reviewer)

    page.click("nav >> text=Quyết định")
    page.click("[data-testid=decision-create]")
    page.fill("#id_title", "Về việc tặng danh hiệu Lao động tiên tiến năm 2023")
    page.fill("#id_place", "Lạng Sơn")
    page.fill("#id_decided_by", "Chủ tịch Ủy ban nhân dân tỉnh")
    page.fill("#id_signer_name", "Hồ Tiến Thiệu")
    page.fill("#id_signer_position", "Chủ tịch")
    page.click("main input[type=submit]")
    page.wait_for_selector("[data-testid=add-all]")
    assert "200 đề nghị đã thẩm định, đồng ý chưa có quyết định" in page.inner_text("main")
    page.click("[data-testid=add-all]")
    page.wait_for_selector("text=Đã thêm 200 đề nghị.")

    default = writers.docx_text(_download(page, "Quyết định kèm danh sách (DOCX)"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in default and "{{" not in default
    assert default.index("I. Tập thể") < default.index("II. Cá nhân") < default.index("III. Hộ gia đình")
    assert "Hoàng Văn Số 199" in default

    # The board uploads its own decision template and the next download uses it.
    custom = writers.new_document()
    for line in (
        "QUYẾT ĐỊNH CỦA BAN LẠNG SƠN {{ so_ky_hieu }}",
        "{%p for nhom in phu_luc %}",
        "{{ nhom.tieu_de }}",
        "{%p for dong in nhom.dong %}",
        "{{ dong.stt }}. {{ dong.ten }}",
        "{%p endfor %}",
        "{%p endfor %}",
    ):
        writers.add_run(custom.add_paragraph(), line)  # fmt: skip
    template = tmp_path / "mau-quyet-dinh.docx"
    template.write_bytes(writers.save_document(custom))
    page.click("text=Mẫu văn bản của Ban")
    page.select_option("#id_kind", "decision")
    page.set_input_files("#id_file", str(template))
    page.click("main input[type=submit]")
    page.wait_for_selector("text=phiên bản 1")
    decision = Decision.objects.get()
    page.goto(f"{url}{decision.get_absolute_url()}")
    mine = writers.docx_text(_download(page, "Quyết định kèm danh sách (DOCX)"))
    assert "QUYẾT ĐỊNH CỦA BAN LẠNG SƠN" in mine and "200. Hoàng Văn Số 199" in mine and "{{" not in mine

    page.fill("[data-testid=issue-form] input[name=number]", "25/QĐ-UBND")
    page.fill("[data-testid=issue-form] input[name=date]", "15/01/2024")
    page.click("[data-testid=issue]")
    page.wait_for_selector("text=Đã ban hành quyết định")
    assert page.locator("[data-testid=record-row]").count() == 200
    numbers = list(AwardRecord.objects.filter(decision=decision).order_by("register_number")
                   .values_list("register_number", flat=True))  # fmt: skip
    assert numbers == list(range(1, 201))

    public = page.get_attribute("[data-testid=public-link]", "href")
    page.context.clear_cookies()
    page.goto(public)
    assert "25/QĐ-UBND" in page.inner_text("main") and "Hoàng Văn Số 000" in page.inner_text("main")

    # Revoke one record with a revoking decision: it leaves the nominee's eligibility history.
    login_as(page, live_server, world.province_reviewer)
    record = AwardRecord.objects.get(decision=decision, register_number=7)
    page.goto(f"{url}/khen-thuong/da-khen/{record.pk}/thu-hoi/")
    page.fill("#id_reason", "Khai không đúng thành tích")
    page.fill("#id_number", "40/QĐ-UBND")
    page.fill("#id_date", "20/02/2024")
    page.click("main input[type=submit]")
    page.wait_for_selector("text=Đã thu hồi khen thưởng")
    later = ProposalFactory(proposing_unit=world.lang_son, nominee_person=record.nominee_person,
                            award_type=award_type("CSTD_CO_SO"), year=2023, kind="ad_hoc")  # fmt: skip
    assert "LAO_DONG_TIEN_TIEN" not in eligibility_facts(later).history
    assert len(proposals) == 200
