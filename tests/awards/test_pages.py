"""Award pages: what each role sees and may do, uploads, import with bad rows, outputs."""

import datetime
import io
import subprocess
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from awards.models import AwardRecord, Proposal, ProposalAttachment, ProposalStatus
from awards.services.proposals import proposal_create
from awards.services.workflow import proposal_approve, proposal_start_review, submission_create
from clusters.models import AuditEvent, Gender
from tests.factories import (
    AdminFactory,
    AwardRecordFactory,
    PersonFactory,
    ProposalFactory,
    UnitFactory,
    attach_dossier,
    award_type,
    make_award_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return make_award_world()


def flag(world):
    """A draft of the Government's flag for Lạng Sơn with the documents it requires."""
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023,
        nominee_unit=world.lang_son, source_group=world.cluster, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    return attach_dossier(proposal)[0]


def submitted(world):
    proposal = flag(world)
    submission_create(
        actor=world.leader, proposing_unit=world.lang_son, year=2023, number="01/TTr", title="Tờ trình",
        proposals=[proposal],
    )  # fmt: skip
    proposal.refresh_from_db()
    return proposal


def test_staff_create_a_draft_for_their_own_unit_through_the_form(world, login):
    client = login(world.staff)
    response = client.post(
        reverse("awards:proposal_create"),
        {
            "award_type": award_type("CO_THI_DUA_CHINH_PHU").pk,
            "year": 2023,
            "nominee_unit": world.lang_son.pk,
            "kind": "annual",
            "source_group": world.cluster.pk,
            "proposal_date": "2024-03-05",
            "achievements": "Dẫn đầu cụm.",
            "discipline_free": "unknown",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert "Cờ thi đua của Chính phủ — Tỉnh Lạng Sơn (thử)" in html
    assert "Điều 25, khoản 1 — Luật Thi đua, khen thưởng số 06/2022/QH15" in html
    assert "Dự thảo" in html


def test_the_form_refuses_a_person_of_another_unit_and_both_nominees(world, login):
    outsider = PersonFactory(unit=world.ha_giang)
    client = login(world.staff)
    data = {"award_type": award_type("BANG_KHEN_CAP_TINH").pk, "year": 2023, "kind": "annual",
            "proposal_date": "2024-03-05", "discipline_free": "unknown"}  # fmt: skip
    response = client.post(reverse("awards:proposal_create"), {**data, "nominee_person": outsider.pk})
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "Hãy chọn" in response.content.decode()
    response = client.post(
        reverse("awards:proposal_create"),
        {**data, "nominee_person": PersonFactory(unit=world.lang_son).pk, "nominee_unit": world.lang_son.pk},
    )
    assert "Chọn đúng một đối tượng" in response.content.decode()


def _draft_data(world, **changes):
    return {
        "award_type": award_type("CO_THI_DUA_CHINH_PHU").pk, "year": 2023, "nominee_unit": world.lang_son.pk,
        "kind": "annual", "source_group": world.cluster.pk, "proposal_date": "05/03/2024",
        "achievements": "Dẫn đầu cụm.", "discipline_free": "unknown", **changes,
    }  # fmt: skip


def test_the_draft_form_refuses_a_four_million_character_report_and_implausible_dates(world, login):
    """Issue 14 item 18: a 4,000,000-character achievements report and the dates 01/01/0001 and 31/12/9999 are
    refused with a Vietnamese message; nothing is stored, nothing answers 500."""
    client = login(world.staff)
    url = reverse("awards:proposal_create")
    response = client.post(url, _draft_data(world, achievements="Thành tích" * 400_000))
    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 20000 kí tự (hiện có 4000000)" in response.content.decode()
    for day in ["01/01/0001", "31/12/9999", "0001-01-01", "9999-12-31"]:
        response = client.post(url, _draft_data(world, proposal_date=day))
        assert response.status_code == 200
        assert "Ngày phải từ 01/01/1945 đến" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_long_report_is_kept_whole_and_its_audit_row_keeps_it_cut(world, login):
    """Issue 14 item 18: the audit row of an edit keeps the old and the new text cut, with their lengths."""
    client = login(world.staff)
    response = client.post(reverse("awards:proposal_create"), _draft_data(world, achievements="a" * 19_000))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and len(proposal.achievements) == 19_000
    client.post(reverse("awards:proposal_update", args=[proposal.pk]), _draft_data(world, achievements="b" * 20_000))
    proposal.refresh_from_db()
    assert proposal.achievements == "b" * 20_000
    event = AuditEvent.objects.filter(target_id=str(proposal.pk), action="proposal.update").get()
    old, new = event.data["achievements"]
    assert old.endswith("… [19000 ký tự]") and new.endswith("… [20000 ký tự]") and len(new) == 1000


def test_a_report_typed_with_combining_marks_is_stored_composed_and_control_characters_are_refused(world, login):
    """Issue 14 item 16: NFD Vietnamese (as some keyboards send it) is stored NFC; a control character is refused."""
    client = login(world.staff)
    decomposed = unicodedata.normalize("NFD", "Dẫn đầu cụm, hoàn thành xuất sắc nhiệm vụ")
    response = client.post(reverse("awards:proposal_create"), _draft_data(world, achievements=decomposed))
    assert response.status_code == 302
    assert Proposal.objects.get().achievements == "Dẫn đầu cụm, hoàn thành xuất sắc nhiệm vụ"
    response = client.post(reverse("awards:proposal_create"), _draft_data(world, achievements="Dẫn đầu\x01 cụm"))
    assert response.status_code == 200
    assert "Văn bản chứa ký tự điều khiển không hiển thị được" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_reviewers_and_other_units_cannot_create_or_see_drafts(world, login):
    proposal = flag(world)
    assert login(world.reviewer).get(reverse("awards:proposal_create")).status_code == 403
    assert login(world.other_staff).get(proposal.get_absolute_url()).status_code == 403
    assert login(world.province_reviewer).get(proposal.get_absolute_url()).status_code == 403


def test_staff_page_has_no_submit_button_the_leaders_has(world, login):
    proposal = flag(world)
    staff_html = login(world.staff).get(proposal.get_absolute_url()).content.decode()
    assert "Trình kèm tờ trình" not in staff_html
    assert login(world.staff).get(reverse("awards:submission_create")).status_code == 403
    leader_html = login(world.leader).get(proposal.get_absolute_url()).content.decode()
    assert "Trình kèm tờ trình" in leader_html


def test_leader_submits_a_batch_with_a_covering_submission(world, login):
    proposal = flag(world)
    other = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_THU_TUONG", year=2023,
        nominee_unit=world.ha_giang, source_group=world.cluster, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    attach_dossier(other)
    client = login(world.leader)
    response = client.post(
        reverse("awards:submission_create"),
        {"number": "15/TTr-UBND", "title": "Đề nghị khen thưởng Cụm năm 2023", "proposals": [proposal.pk, other.pk]},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    other.refresh_from_db()
    assert proposal.status == other.status == ProposalStatus.SUBMITTED
    assert proposal.submission.number == "15/TTr-UBND"


def test_review_queue_shows_the_boards_proposals_with_eligibility_and_filters(world, login):
    proposal = submitted(world)
    client = login(world.reviewer)
    html = client.get(reverse("awards:review_queue")).content.decode()
    assert "Tỉnh Lạng Sơn (thử)" in html and "Đạt" in html
    link = f'href="{proposal.get_absolute_url()}"'
    assert link in html
    assert link not in client.get(reverse("awards:review_queue") + "?eligibility=failed").content.decode()
    assert link in client.get(reverse("awards:review_queue") + "?q=lang son").content.decode()
    assert link not in client.get(reverse("awards:review_queue") + "?q=ha giang").content.decode()
    assert login(world.staff).get(reverse("awards:review_queue")).status_code == 403


def test_the_queue_counts_each_eligibility_result_up_to_the_bound_and_says_there_are_more(login, settings):
    settings.PAGE_COUNT_BOUND = 2
    passed = ProposalFactory.create_batch(3, status=ProposalStatus.SUBMITTED)
    failed = ProposalFactory(status=ProposalStatus.UNDER_REVIEW)
    Proposal.objects.filter(pk__in=[p.pk for p in passed]).update(eligibility_status="passed")
    Proposal.objects.filter(pk=failed.pk).update(eligibility_status="failed")
    html = login(AdminFactory()).get(reverse("awards:review_queue")).content.decode()
    assert "Đạt hơn 2</span>" in html  # three passed, counted up to the bound
    assert "Không đạt 1</span>" in html
    assert "Chưa xác định 0</span>" in html


def test_a_searched_queue_counts_the_results_of_what_it_found_in_one_grouped_query(login):
    found = ProposalFactory.create_batch(
        2, status=ProposalStatus.SUBMITTED, nominee_person__full_name="Đặng Thị <i>Tìm</i>"
    )
    other = ProposalFactory(status=ProposalStatus.SUBMITTED, nominee_person__full_name="Lê Văn Khác")
    Proposal.objects.filter(pk__in=[found[0].pk, other.pk]).update(eligibility_status="passed")
    Proposal.objects.filter(pk=found[1].pk).update(eligibility_status="failed")
    client = login(AdminFactory())
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("awards:review_queue"), {"q": "dang thi tim"}).content.decode()
    assert "Đạt 1</span>" in html and "Không đạt 1</span>" in html and "Chưa xác định 0</span>" in html
    assert "Lê Văn Khác" not in html
    # the page counted the two rows found: their results are grouped, the search not run once per result
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in sqls if "GROUP BY" in sql and "eligibility_status" in sql]) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_queues_eligibility_counts_read_only_the_proposals_with_a_result_through_their_index():
    from awards.selectors.workflow import eligibility_counts

    for n in range(30):
        ProposalFactory(status=ProposalStatus.REJECTED, year=2000 + n % 20)
    Proposal.objects.filter(pk=ProposalFactory(status=ProposalStatus.SUBMITTED).pk).update(eligibility_status="passed")
    with CaptureQueriesContext(connection) as queries:
        assert eligibility_counts(Proposal.objects.exclude(status=ProposalStatus.DRAFT))["passed"] == 1
    (counted,) = [q["sql"] for q in queries.captured_queries if "eligibility_status" in q["sql"]]
    with connection.cursor() as cursor:
        # no sequential scan and no walk of a whole index: what is left is the partial index on the results
        cursor.execute("ANALYZE awards_proposal")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + counted)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("proposal_eligibility_result") == 3, plan


def test_reviewer_returns_with_comment_through_the_page_and_empty_comment_is_refused(world, login):
    proposal = submitted(world)
    client = login(world.reviewer)
    url = reverse("awards:proposal_review", args=[proposal.pk, "return"])
    response = client.post(url, {"comment": ""}, follow=True)
    assert "Cần ghi rõ lý do." in response.content.decode()
    client.post(url, {"comment": "Bổ sung biên bản."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_forbidden_transitions_through_the_pages_answer_403(world, login):
    proposal = submitted(world)
    for user in (world.staff, world.leader, world.other_staff, world.province_reviewer):
        client = login(user)
        for action in ("start_review", "return", "reject", "approve"):
            url = reverse("awards:proposal_review", args=[proposal.pk, action])
            assert client.post(url, {"comment": "x"}).status_code == 403
        assert client.post(reverse("awards:proposal_decide", args=[proposal.pk]), {"number": "1"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_bulk_approve_from_the_queue(world, login):
    proposal = submitted(world)
    response = login(world.reviewer).post(reverse("awards:bulk_approve"), {"proposals": [proposal.pk]}, follow=True)
    assert "Đã đồng ý 1 đề nghị." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_bulk_approve_ignores_proposals_outside_the_reviewers_scope(world, login):
    proposal = submitted(world)
    login(world.province_reviewer).post(reverse("awards:bulk_approve"), {"proposals": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_attachments_have_size_and_type_limits_and_download_as_attachment(world, login, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    proposal = flag(world)
    client = login(world.staff)
    url = reverse("awards:attachment_upload", args=[proposal.pk])
    html_file = SimpleUploadedFile("bien-ban.html", b"<script>alert(1)</script>", content_type="text/html")
    response = client.post(url, {"kind": "minutes", "file": html_file}, follow=True)
    assert "Loại tệp không được chấp nhận. Chỉ nhận: doc, docx, jpeg, jpg, ods, odt, pdf, png, xls, xlsx." in (
        response.content.decode()
    )
    big = SimpleUploadedFile("bien-ban.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    page = client.post(url, {"kind": "minutes", "file": big}, follow=True).content.decode()
    assert "Tệp quá lớn (2,0\xa0KB); tối đa 1000\xa0byte." in page
    ok = SimpleUploadedFile("Biên bản họp.pdf", b"%PDF-1.4 test", content_type="text/html")
    client.post(url, {"kind": "minutes", "file": ok})
    attachment = ProposalAttachment.objects.get(original_name="Biên bản họp.pdf")
    response = client.get(reverse("awards:attachment_download", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert login(world.other_staff).get(reverse("awards:attachment_download", args=[attachment.pk])).status_code == 403


def _workbook(rows) -> SimpleUploadedFile:
    from awards.documents.records import COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("khen-thuong.xlsx", buffer.getvalue())


def test_import_previews_bad_rows_and_saves_nothing(world, login):
    person = PersonFactory(unit=world.lang_son, full_name="Hoàng Văn Páo")
    client = login(world.province_reviewer)
    upload = _workbook(
        [
            [
                2023,
                "BANG_KHEN_CAP_TINH",
                "",
                "",
                "hoang van pao",
                "Tỉnh Lạng Sơn (thử)",
                "12/QĐ-UBND",
                "05/03/2024",
                "",
                "",
            ],
            ["hai nghìn", "BANG_KHEN_CAP_TINH", "", "", "Hoàng Văn Páo", "Tỉnh Lạng Sơn (thử)", "13/QĐ", "", "", ""],
            [2023, "KHONG_CO", "", "", "Hoàng Văn Páo", "Tỉnh Lạng Sơn (thử)", "14/QĐ", "", "", ""],
            [2023, "CO_THI_DUA_CHINH_PHU", "", "", "Hoàng Văn Páo", "Tỉnh Lạng Sơn (thử)", "15/QĐ", "", "", ""],
            [2023, "GIAY_KHEN", "", "Tỉnh Không Có", "", "", "16/QĐ", "31/02/2024", "", ""],
        ]
    )
    response = client.post(reverse("awards:record_import"), {"file": upload})
    html = response.content.decode()
    assert "4 dòng có lỗi" in html
    assert "Năm «hai nghìn» không hợp lệ." in html
    assert "Không có danh hiệu, hình thức «KHONG_CO»." in html
    assert "Cờ thi đua của Chính phủ chỉ tặng cho tập thể." in html
    assert "Không tìm thấy tập thể «Tỉnh Không Có»." in html
    assert "Ngày quyết định «31/02/2024» không đúng dạng" in html
    assert AwardRecord.objects.count() == 0
    assert client.post(reverse("awards:record_import_confirm")).status_code == 302
    assert AwardRecord.objects.count() == 0
    assert person.pk


def test_import_of_a_clean_file_saves_after_confirmation_and_round_trips_the_export(world, login):
    PersonFactory(unit=world.lang_son, full_name="Lường Thị Mai")
    client = login(world.admin)  # a provincial and a national award: only an admin records both
    upload = _workbook(
        [
            [2023, "", "Bằng khen cấp bộ, ban, ngành, tỉnh", "", "Luong Thi Mai", "Tỉnh Lạng Sơn (thử)", "12/QĐ-UBND",
             "05/03/2024", "Chủ tịch UBND tỉnh Lạng Sơn", ""],
            [2023, "CO_THI_DUA_CHINH_PHU", "", "Tỉnh Lạng Sơn (thử)", "", "", "452/QĐ-TTg", "", "Thủ tướng", ""],
        ]
    )  # fmt: skip
    assert "2 dòng hợp lệ" in client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    assert AwardRecord.objects.count() == 0
    client.post(reverse("awards:record_import_confirm"))
    assert AwardRecord.objects.count() == 2
    record = AwardRecord.objects.get(decision_number="12/QĐ-UBND")
    assert (record.nominee_person.full_name, record.decision_date) == ("Lường Thị Mai", datetime.date(2024, 3, 5))
    export = client.get(reverse("awards:record_list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Năm", "Mã danh hiệu, hình thức", "Danh hiệu, hình thức"]
    assert {row[6] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"12/QĐ-UBND", "452/QĐ-TTg"}


def test_import_refuses_over_long_values_and_implausible_dates_and_keeps_text_composed(world, login):
    """Issue 14 items 16 and 18 in the Excel import, where no form field reads the text: an authority longer than
    its column and a date of year 1 are row errors (the confirmation answered 500 on the database's limit), an NFD
    authority is stored composed."""
    PersonFactory(unit=world.lang_son, full_name="Lường Thị Mai")
    client = login(world.province_reviewer)  # the province records its own awards
    person = ["", "", "Lường Thị Mai", "Tỉnh Lạng Sơn (thử)"]
    upload = _workbook(
        [
            [2023, "GIAY_KHEN", *person, "1/QĐ", "05/03/2024", "Chủ tịch " * 40, ""],
            [2023, "GIAY_KHEN", *person, "2/QĐ", "01/01/0001", "UBND tỉnh", ""],
            [2023, "GIAY_KHEN", *person, "3/QĐ", "31/12/9999", "UBND tỉnh", ""],
            [2023, "GIAY_KHEN", *person, "4/QĐ", "05/03/2024", unicodedata.normalize("NFD", "Chủ tịch tỉnh"), ""],
        ]
    )
    html = client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    assert "3 dòng có lỗi" in html
    assert "«Cơ quan quyết định» dài quá 255 ký tự." in html
    assert html.count("Ngày phải từ 01/01/1945 đến") == 2
    PersonFactory(unit=world.lang_son, full_name="Lò Văn Nọi")
    upload = _workbook([[2023, "GIAY_KHEN", "", "", "Lò Văn Nọi", "Tỉnh Lạng Sơn (thử)", "4/QĐ", "05/03/2024",
                         unicodedata.normalize("NFD", "Chủ tịch tỉnh"), ""]])  # fmt: skip
    assert "1 dòng hợp lệ" in client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    client.post(reverse("awards:record_import_confirm"))
    assert AwardRecord.objects.get().decision_authority == "Chủ tịch tỉnh"


def _decision_rows(people, number="77/QĐ-UBND"):
    return [
        [2023, "LAO_DONG_TIEN_TIEN", "", "", p.full_name, "Tỉnh Lạng Sơn (thử)", number, "05/03/2024", "UBND tỉnh", ""]
        for p in people
    ]


def test_an_imported_decision_closes_the_approved_proposal_it_answers_and_each_record_is_audited(world, login):
    proposal = submitted(world)
    proposal_start_review(actor=world.reviewer, proposal=proposal)
    proposal_approve(actor=world.reviewer, proposal=proposal)
    client = login(world.admin)  # a national award and the province's titles: only an admin records both
    upload = _workbook(
        [[2023, "CO_THI_DUA_CHINH_PHU", "", "Tỉnh Lạng Sơn (thử)", "", "", "452/QĐ-TTg", "20/04/2024", "Thủ tướng", ""]]
        + _decision_rows([PersonFactory(unit=world.lang_son, full_name=f"Người Thứ {n}") for n in range(3)])
    )
    assert "4 dòng hợp lệ" in client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    client.post(reverse("awards:record_import_confirm"))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_number) == ("decided", "452/QĐ-TTg")
    assert AwardRecord.objects.get(decision_number="452/QĐ-TTg").proposal == proposal
    audited = AuditEvent.objects.filter(action="award_record.create")
    assert audited.count() == 4 and audited.filter(summary__contains="Người Thứ 2").exists()


def test_a_row_imported_by_someone_else_after_the_preview_saves_nothing_and_says_so(world, login):
    person = PersonFactory(unit=world.lang_son, full_name="Lương Văn Trùng")
    client = login(world.province_reviewer)
    upload = _workbook(_decision_rows([person, PersonFactory(unit=world.lang_son, full_name="Lương Văn Khác")]))
    assert "2 dòng hợp lệ" in client.post(reverse("awards:record_import"), {"file": upload}).content.decode()
    AwardRecordFactory(nominee_person=person, award_type=award_type("LAO_DONG_TIEN_TIEN"), decision_number="77/QĐ-UBND")
    page = client.post(reverse("awards:record_import_confirm"), follow=True).content.decode()
    assert "vừa được nhập vào hệ thống sau khi kiểm tra" in page
    assert AwardRecord.objects.count() == 1


def test_the_preview_flags_rows_already_in_the_system_and_repeated_rows(world, login):
    known, new = (PersonFactory(unit=world.lang_son, full_name=name) for name in ("Đã Có Rồi", "Mới Nhập"))
    AwardRecordFactory(nominee_person=known, award_type=award_type("LAO_DONG_TIEN_TIEN"), decision_number="77/QĐ-UBND")
    upload = _workbook(_decision_rows([known, new, new]))
    html = login(world.province_reviewer).post(reverse("awards:record_import"), {"file": upload}).content.decode()
    assert "Khen thưởng này đã có trong hệ thống." in html and "Dòng trùng với một dòng phía trên." in html
    assert "2 dòng có lỗi: sửa tệp rồi tải lên lại. Chưa có gì được lưu." in html


def test_confirming_an_import_asks_the_same_number_of_queries_for_3_or_30_rows(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.province_reviewer)
    counts = []
    for size, number in ((3, "1/QĐ"), (30, "2/QĐ")):
        people = [PersonFactory(unit=world.lang_son, full_name=f"Cán Bộ {number} {n}") for n in range(size)]
        client.post(reverse("awards:record_import"), {"file": _workbook(_decision_rows(people, number))})
        with CaptureQueriesContext(connection) as queries:
            client.post(reverse("awards:record_import_confirm"))
        counts.append(len(queries))
    assert AwardRecord.objects.count() == 33
    assert counts[0] == counts[1]


def test_record_search_is_diacritic_insensitive_and_staff_see_only_their_unit(world, login):
    mine = AwardRecordFactory(nominee_person=PersonFactory(unit=world.lang_son, full_name="Lò Thị Sinh"))
    AwardRecordFactory(nominee_person=PersonFactory(unit=world.ha_giang, full_name="Lò Văn Khác"))
    html = login(world.reviewer).get(reverse("awards:record_list") + "?q=lo thi sinh").content.decode()
    assert "Lò Thị Sinh" in html and "Lò Văn Khác" not in html
    staff_html = login(world.staff).get(reverse("awards:record_list")).content.decode()
    assert "Lò Thị Sinh" in staff_html and "Lò Văn Khác" not in staff_html
    assert login(world.staff).get(reverse("awards:record_list") + "?format=xlsx").status_code == 403
    assert mine.pk


def test_person_and_unit_pages_show_the_award_history(world, login):
    person = PersonFactory(unit=world.lang_son, full_name="Hoàng Văn Páo")
    AwardRecordFactory(nominee_person=person, award_type=award_type("CSTD_CO_SO"), year=2022, decision_number="7/QĐ")
    AwardRecordFactory(nominee_person=None, nominee_unit=world.lang_son, award_type=award_type("CO_THI_DUA_CAP_TINH"),
                       year=2022, decision_number="8/QĐ")  # fmt: skip
    client = login(world.staff)
    person_html = client.get(person.get_absolute_url()).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in person_html and "7/QĐ" in person_html
    unit_html = client.get(world.lang_son.get_absolute_url()).content.decode()
    assert "Cờ thi đua cấp bộ, ban, ngành, tỉnh" in unit_html and "8/QĐ" in unit_html


def _decided_certificate(world):
    person = PersonFactory(
        unit=world.lang_son, full_name="Lường Thị Mai", gender=Gender.FEMALE, position="Giáo viên mầm non"
    )
    return AwardRecordFactory(
        nominee_person=person, award_type=award_type("BANG_KHEN_THU_TUONG"), year=2023, decision_number="452/QĐ-TTg",
        decision_date=datetime.date(2024, 4, 20), decision_authority="Thủ tướng Chính phủ",
    )  # fmt: skip


def test_certificate_pdf_has_correct_vietnamese_text(world, login, tmp_path):
    record = _decided_certificate(world)
    response = login(world.staff).get(reverse("awards:record_certificate", args=[record.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "bang-khen.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "THỦ TƯỚNG CHÍNH PHỦ",
                     "BẰNG KHEN", "Bằng khen của Thủ tướng Chính phủ", "Bà Lường Thị Mai", "Người ký",
                     "Tỉnh Lạng Sơn (thử)", "452/QĐ-TTg"]:  # fmt: skip
        assert expected in text
    assert login(world.other_staff).get(reverse("awards:record_certificate", args=[record.pk])).status_code == 403


def test_decision_list_in_docx_and_xlsx(world, login):
    record = _decided_certificate(world)
    client = login(world.reviewer)
    url = reverse("awards:decision_list") + "?number=452/QĐ-TTg"
    document = Document(io.BytesIO(client.get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kèm theo Quyết định số 452/QĐ-TTg ngày 20/04/2024 của Thủ tướng Chính phủ" in text
    assert document.tables[0].rows[1].cells[1].text == "Bà Lường Thị Mai"
    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    assert sheet["B3"].value == "Bà Lường Thị Mai"
    assert login(world.staff).get(url).status_code == 403
    assert record.pk


def test_a_decision_list_with_formulas_and_control_characters_in_its_names_builds_inert(world, login):
    """Issue 14 items 15-16: a person named like a formula, with a control character stored before the input
    policy, and an authority named like a formula: both lists build, the text comes back as plain text."""
    person = PersonFactory(unit=world.lang_son, full_name="=1+1\x0b Lường", position="@SUM(A1)")
    AwardRecordFactory(nominee_person=person, year=2023, decision_number="9/QĐ", decision_authority="+cmd\x01")
    client = login(world.reviewer)
    url = reverse("awards:decision_list") + "?number=9/QĐ"
    document = Document(io.BytesIO(client.get(url).content))
    assert document.tables[0].rows[1].cells[1].text == "Ông (bà) =1+1 Lường"
    assert "của +cmd)" in "\n".join(p.text for p in document.paragraphs)
    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("Ông (bà) =1+1 Lường", "s")
    assert (sheet["C3"].value, sheet["C3"].data_type, sheet["C3"].quotePrefix) == (
        f"@SUM(A1), {world.lang_son.name}",
        "s",
        True,
    )


def test_fairness_warns_when_leaders_take_too_many_individual_proposals(world, login):
    from awards.models import AwardPolicy

    AwardPolicy.objects.create(leader_share_warning=50)
    leaders = [PersonFactory(unit=world.lang_son, category="leader") for _ in range(2)]
    worker = PersonFactory(unit=world.lang_son, category="direct_worker")
    proposals = [
        proposal_create(
            actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_THU_TUONG", year=2023,
            nominee_person=p, kind="ad_hoc", source_group=world.cluster,  # the central board's cluster: straight up
        )
        for p in [*leaders, worker]
    ]  # fmt: skip
    attach_dossier(*proposals)
    submission_create(actor=world.leader, proposing_unit=world.lang_son, year=2023, number="9/TTr",
                               title="Tờ trình", proposals=proposals)  # fmt: skip
    html = login(world.reviewer).get(reverse("awards:fairness") + "?year=2023").content.decode()
    assert "Tỷ lệ lãnh đạo, quản lý vượt ngưỡng:" in html
    assert "2 (66,7%)" in html
    dashboard = login(world.reviewer).get(reverse("dashboard")).content.decode()
    assert "Thẩm định khen thưởng" in dashboard
    # the dashboard and the page open on the latest year with proposals
    assert "Tỉnh Lạng Sơn (thử): lãnh đạo, quản lý chiếm 66,7% đề nghị cá nhân năm 2023" in dashboard
    assert "2 (66,7%)" in login(world.reviewer).get(reverse("awards:fairness")).content.decode()
    assert login(world.staff).get(reverse("awards:fairness")).status_code == 403


def test_the_dashboard_names_five_units_over_the_threshold_and_counts_the_others(world, login):
    from awards.models import AwardPolicy

    AwardPolicy.objects.create(leader_share_warning=50)
    for n in range(1, 8):
        unit = UnitFactory(name=f"Tỉnh thứ {n} (thử)")
        ProposalFactory(
            proposing_unit=unit, award_type=award_type("BANG_KHEN_THU_TUONG"), status=ProposalStatus.SUBMITTED,
            nominee_person=PersonFactory(unit=unit, category="leader"), source_group=world.cluster,
        )  # fmt: skip
    dashboard = login(world.reviewer).get(reverse("dashboard")).content.decode()
    assert dashboard.count("lãnh đạo, quản lý chiếm 100% đề nghị cá nhân năm 2023") == 5
    assert "và 2 đơn vị khác vượt ngưỡng năm 2023" in dashboard
    html = login(world.reviewer).get(reverse("awards:fairness") + "?year=2023").content.decode()
    assert all(f"Tỉnh thứ {n} (thử)" in html for n in range(1, 8))


def test_the_administrators_fairness_table_has_a_row_for_every_unit_proposing_that_year_its_name_escaped(world, login):
    from awards.models import AwardPolicy

    AwardPolicy.objects.create(leader_share_warning=50)
    hostile = UnitFactory(name='<script>alert("x")</script> Tỉnh (thử)')
    for unit, category, year in [
        (hostile, "leader", 2023),
        (UnitFactory(name="Tỉnh Lào Cai (thử)"), "direct_worker", 2023),
        (UnitFactory(name="Tỉnh của năm khác (thử)"), "leader", 2022),
    ]:
        ProposalFactory(
            proposing_unit=unit,
            year=year,
            status=ProposalStatus.SUBMITTED,
            nominee_person=PersonFactory(unit=unit, category=category),
        )
    AwardRecordFactory(nominee_person=PersonFactory(unit=hostile, category="direct_worker"), year=2023)
    html = login(AdminFactory()).get(reverse("awards:fairness") + "?year=2023").content.decode()
    row = html.split("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tỉnh (thử)</td>", 1)[1].split("</tr>", 1)[0]
    # proposed: one leader of one person, over the threshold; granted: one direct worker
    assert row == (
        '<td>1</td><td class="table-warning fw-bold">1 (100%)</td><td>0 (0%)</td><td>0/0</td><td>0 (0%)</td>'
        '<td>1</td><td class="">0 (0%)</td><td>1 (100%)</td><td>0/0</td><td>0 (0%)</td>'
    )
    assert "<script>alert" not in html
    assert "Tỉnh Lào Cai (thử)</td><td>1</td>" in html and "Tỉnh của năm khác (thử)" not in html


def test_the_group_filter_lists_what_came_through_the_group_and_its_members_proposals_of_their_member_years():
    """The group filter of the proposal lists (issue 16: now the members' unit-years listed first, no join)."""
    from awards.selectors.proposals import proposal_list
    from tests.factories import GroupFactory, MembershipFactory

    group, member, former = GroupFactory(), UnitFactory(), UnitFactory()
    MembershipFactory(group=group, unit=member, year=2023)
    MembershipFactory(group=group, unit=member, year=2024)
    MembershipFactory(group=group, unit=former, year=2022)
    expected = {
        ProposalFactory(proposing_unit=member, year=2023).pk,
        ProposalFactory(proposing_unit=member, year=2024).pk,
        ProposalFactory(proposing_unit=UnitFactory(), year=2023, source_group=group).pk,  # through the group
    }
    ProposalFactory(proposing_unit=former, year=2023)  # no longer a member that year
    ProposalFactory(proposing_unit=UnitFactory(), year=2023)
    found = list(proposal_list(group_id=group.pk).values_list("pk", flat=True))
    assert sorted(found) == sorted(expected)  # each once


def test_queue_filters_by_cluster_unit_and_status(world, login):
    proposal = submitted(world)
    client = login(world.reviewer)
    link = f'href="{proposal.get_absolute_url()}"'
    base = reverse("awards:review_queue")
    assert link in client.get(f"{base}?group={world.cluster.pk}").content.decode()
    assert link in client.get(f"{base}?unit={world.lang_son.pk}&status=submitted").content.decode()
    assert link not in client.get(f"{base}?status=approved").content.decode()
    assert link not in client.get(f"{base}?late=on").content.decode()


def test_the_administrators_fairness_table_shows_fifty_units_a_page_and_warns_and_totals_over_all_of_them(world, login):
    from awards.models import AwardPolicy

    AwardPolicy.objects.create(leader_share_warning=50)
    for index in range(51):
        unit = UnitFactory(name=f"Đơn vị thử {index:02d}")
        category = "leader" if index == 50 else "direct_worker"  # the last, alone on page 2, over the threshold
        ProposalFactory(
            proposing_unit=unit,
            year=2023,
            status=ProposalStatus.SUBMITTED,
            nominee_person=PersonFactory(unit=unit, category=category),
        )
    client = login(AdminFactory())
    first = client.get(reverse("awards:fairness") + "?year=2023").content.decode()
    assert "Đơn vị thử 00</td>" in first and "Đơn vị thử 49</td>" in first
    assert "Đơn vị thử 50</td>" not in first
    warning = first.split('data-testid="fairness-warning">', 1)[1].split("</div>", 1)[0]
    assert "Đơn vị thử 50" in warning and "Đơn vị thử 00" not in warning
    total = first.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert "<td>51</td>" in total  # every unit's individuals, not the page's
    assert "Trang 1/2" in first and "year=2023" in first.split('rel="next" href="', 1)[1].split('"', 1)[0]
    second = client.get(reverse("awards:fairness") + "?year=2023&page=2").content.decode()
    assert "Đơn vị thử 50</td>" in second and "Đơn vị thử 49</td>" not in second
