"""In a real browser (issue 17): a board takes 200 approved proposals into one decision, generates the decision
and its annex from the default template and from an uploaded one, issues it (200 records with consecutive
register numbers), opens the public page, and revokes one record with a revoking decision (gone from the
eligibility history)."""

import datetime

import pytest

from awards.models import AwardRecord, Decision, ProposalStatus
from awards.selectors.proposals import eligibility_facts
from clusters import writers
from tests.awards.test_blanks import _words
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


def _calibrated_blank(world):
    from decimal import Decimal

    from awards.models import Blank, FieldKey
    from awards.services.blanks import blank_calibrate, blank_create

    blank = Blank.objects.get(pk=blank_create(actor=world.province_reviewer, board=world.province_board,
                                              kind="bk_individual").pk)  # fmt: skip
    fields = {
        FieldKey.NAME: {"x_mm": Decimal("62.5"), "y_mm": Decimal("90"), "align": "left", "width_mm": Decimal(200)},
        FieldKey.DECISION: {"x_mm": Decimal("25"), "y_mm": Decimal("250.5"), "align": "left", "size_pt": Decimal(12)},
    }
    return blank_calibrate(
        actor=world.province_reviewer, blank=blank, version=blank.updated_at, fields=fields,
        settings={"signer_name": "Hồ Tiến Thiệu", "place": "Lạng Sơn", "offset_x_mm": Decimal("2.0"),
                  "offset_y_mm": Decimal("-1.5")},
    )  # fmt: skip


@pytest.mark.browser
def test_a_board_issues_200_awards_in_one_decision_and_revokes_one(page, live_server, transactional_db, tmp_path):
    world = make_award_world()
    proposals = [
        ProposalFactory(
            proposing_unit=world.lang_son, status=ProposalStatus.APPROVED, proposal_date=datetime.date(2023, 12, 1),
            award_type=award_type("BANG_KHEN_CAP_TINH"),
            nominee_person=PersonFactory(unit=world.lang_son, full_name=f"Hoàng Văn Số {n:03d}"),
        )
        for n in range(200)
    ]  # fmt: skip
    url = live_server.url
    login_as(page, live_server, world.province_reviewer)

    page.click("nav >> text=Quyết định")
    page.click("[data-testid=decision-create]")
    page.fill("#id_title", "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    page.fill("#id_place", "Lạng Sơn")
    page.fill("#id_decided_by", "Chủ tịch Ủy ban nhân dân tỉnh")
    page.fill("#id_signer_name", "Hồ Tiến Thiệu")
    page.fill("#id_signer_position", "Chủ tịch")
    page.click("main input[type=submit]")
    page.wait_for_selector("[data-testid=add-all]")
    assert "200 đề nghị đã thẩm định, đồng ý chưa có quyết định" in page.inner_text("main")
    page.click("[data-testid=add-all]")
    page.wait_for_selector("text=Đã thêm 200 đề nghị.")

    submission = writers.docx_text(_download(page, "Tờ trình (DOCX)"))
    assert "TỜ TRÌNH" in submission and "{{" not in submission and "Hoàng Văn Số 199" in submission
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

    # The board prints the 200 certificates onto its pre-printed blanks: one page each, every field within 1 mm of
    # where staff placed it (plus the printer's offset).
    blank = _calibrated_blank(world)
    page.goto(f"{url}/khen-thuong/phoi/{blank.pk}/in/?number=25/QĐ-UBND")
    with page.expect_download() as info:
        page.click("[data-testid=print] button[type=submit]")
    with open(info.value.path(), "rb") as printed:
        pages = _words(printed.read(), tmp_path)
    assert len(pages) == 200
    first = {w["text"]: w for w in pages[0]}
    assert abs(first["Hoàng"]["x"] - (62.5 + 2.0)) < 1 and abs(first["Hoàng"]["y"] - (90 - 1.5)) < 1
    assert abs(first["Quyết"]["x"] - (25 + 2.0)) < 1 and abs(first["Quyết"]["y"] - (250.5 - 1.5)) < 1

    page.goto(f"{url}{decision.get_absolute_url()}")
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
    assert "BANG_KHEN_CAP_TINH" not in eligibility_facts(later).history
    assert len(proposals) == 200


@pytest.mark.browser
def test_the_council_votes_in_the_browser_and_its_count_fails_a_threshold_the_typed_one_passed(
    page, live_server, transactional_db
):
    """Issue 17 item 3: the council's three members vote secretly on their own screens; the board closes the
    session; the proposal's council check reads the council's 2 of 3, below the rule set's threshold, instead of
    the 10/10 typed on the proposal."""
    from awards.services import council as services
    from awards.services.proposals import refresh_eligibility
    from tests.factories import LeaderFactory

    world = make_award_world()
    today = datetime.date.today()
    council = services.council_create(
        actor=world.province_reviewer, board=world.province_board, name="Hội đồng Thi đua - Khen thưởng tỉnh",
        term_start=today - datetime.timedelta(days=30), term_end=today + datetime.timedelta(days=365),
    )  # fmt: skip
    members = [world.province_reviewer, LeaderFactory(unit=world.lang_son), LeaderFactory(unit=world.lang_son)]
    for user, role in zip(members, ("chair", "vice", "member"), strict=True):
        services.council_member_add(actor=world.province_reviewer, council=council, user=user, role=role)
    proposal = refresh_eligibility(
        ProposalFactory(
            proposing_unit=world.lang_son, award_type=award_type("CSTD_CAP_TINH"), status=ProposalStatus.UNDER_REVIEW,
            nominee_person=PersonFactory(unit=world.lang_son, full_name="Nông Văn Bình"),
            council_members=10, council_votes_for=10,
        )
    )  # fmt: skip
    session = services.session_open(
        actor=world.province_reviewer, council=council, title="Xét danh hiệu Chiến sĩ thi đua cấp tỉnh",
        held_on=today, mode="proposal", proposals=[proposal],
    )  # fmt: skip

    for member, choice in zip(members, ("Đồng ý", "Đồng ý", "Không đồng ý"), strict=True):
        login_as(page, live_server, member)
        page.goto(f"{live_server.url}/khen-thuong/hoi-dong/phien-hop/{session.pk}/")
        page.locator("[data-testid=ballot]").get_by_label(choice, exact=True).first.check()
        page.click("[data-testid=vote]")
        page.wait_for_selector("[data-testid=voted]")
        assert "Nông Văn Bình" in page.inner_text("[data-testid=agenda]")
        assert "Chưa kiểm phiếu" in page.inner_text("[data-testid=agenda]")  # no count while the session is open

    login_as(page, live_server, world.province_reviewer)
    page.goto(f"{live_server.url}/khen-thuong/hoi-dong/phien-hop/{session.pk}/")
    page.click("[data-testid=close-session]")
    page.wait_for_selector("text=Đã kết thúc, có kết quả")
    counts = page.locator("[data-testid=agenda] tbody td").all_inner_texts()
    assert counts[2:4] == ["2", "1"]  # two for, one against, counted only now
    page.goto(f"{live_server.url}/khen-thuong/{proposal.pk}/")
    proposal.refresh_from_db()
    council_check = next(row for row in proposal.eligibility if row["check"] == "council_vote")
    assert council_check["status"] == "failed" and "phiên họp Hội đồng" in council_check["facts"]
    assert "2/3 phiếu" in page.inner_text("main")
