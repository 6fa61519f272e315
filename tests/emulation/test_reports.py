"""Year-end summary reports: content of the DOCX/XLSX/PDF, versions, permissions, queue unavailable.

The Celery task runs eagerly here (conftest); tests/emulation/test_report_worker.py runs a real worker."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.urls import reverse
from docx import Document
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from awards.services.catalogue import ensure_catalogue
from clusters.models import AuditEvent, EmulationGroup, Unit
from emulation import tasks
from emulation.documents.word import date_line
from emulation.models import Report
from emulation.selectors.reports import group_summary, rollup_summary
from emulation.services import ballots as ballot_services
from emulation.services import reports as report_services
from emulation.services import scoring as scoring_services
from tests.factories import (
    PASSWORD,
    ReviewerFactory,
    UnitFactory,
    leader_of,
    make_group_year,
    make_scoring_round,
    score_unit,
    staff_of,
)

pytestmark = pytest.mark.django_db


def _year_done(size=3):
    """A group's 2023 fully scored (the second unit leading), balloted and closed."""
    ensure_catalogue()
    scoring_round, units = make_scoring_round(size=size)
    for index, unit in enumerate(units):
        score_unit(scoring_round, unit, {"1.1": 30 + (5 if index == 1 else 0), "1.2": 25, "2.1": 20 - index})
    chair_staff = staff_of(units[0])
    scoring_services.scoring_close(actor=chair_staff, scoring_round=scoring_round)
    ballot = ballot_services.ballot_open(actor=chair_staff, group=scoring_round.group, year=2023)
    questions = {q.kind: q.pk for q in ballot.questions.all()}
    for unit in units:
        ballot_services.ballot_vote(
            actor=leader_of(unit),
            ballot=ballot,
            choices={
                questions["leading"]: [units[1].pk],
                questions["award"]: [units[2].pk],
                questions["next_chair"]: [units[1].pk],
                questions["next_vice_chair"]: [units[2].pk],
            },
        )
    ballot_services.ballot_close(actor=chair_staff, ballot=ballot)
    return scoring_round.group, units


def _text(docx_bytes: bytes) -> str:
    document = Document(io.BytesIO(docx_bytes))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_date_line_follows_the_administrative_style():
    """Decree 30/2020/NĐ-CP, Appendix I: days below 10 and months 1 and 2 take a leading zero."""
    import datetime

    assert date_line("Lạng Sơn", datetime.date(2024, 3, 5)) == "Lạng Sơn, ngày 05 tháng 3 năm 2024"
    assert date_line("Lạng Sơn", datetime.date(2024, 11, 20)) == "Lạng Sơn, ngày 20 tháng 11 năm 2024"
    assert date_line("Hà Nội", datetime.date(2024, 2, 1)) == "Hà Nội, ngày 01 tháng 02 năm 2024"


def test_a_report_compiled_in_a_thread_that_last_served_english_is_still_written_in_vietnamese():
    """An eager task runs in the web worker's thread, which keeps the language of the last page it served."""
    from django.utils import translation

    group, units = _year_done()
    report, _created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    with translation.override("en"):
        assert report_services.report_enqueue(report=report)
    report.refresh_from_db()
    assert report.status == "done"
    text = _text(report.docx.read())
    assert f"Tổng kết công tác thi đua, khen thưởng năm 2023 của {group.name}" in text
    assert "Year-end review" not in text and "OVERVIEW" not in text
    assert report.progress_message == "Hoàn thành"


def test_the_compiled_docx_has_the_national_heading_members_ranking_and_ballot(login):
    group, units = _year_done()
    report, created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    assert created
    assert report_services.report_enqueue(report=report)
    report.refresh_from_db()
    assert report.status == "done" and report.is_current and report.progress == 100

    response = login(staff_of(units[0])).get(reverse("yearend:report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = _text(b"".join(response.streaming_content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    assert f"Tổng kết công tác thi đua, khen thưởng năm 2023 của {group.name}" in text
    assert "Số:" in text and "/BC-CTĐ" in text
    for unit in units:
        assert unit.name in text
    document = Document(report.docx.path)
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "Xếp hạng")
    assert [row.cells[1].text for row in ranking.rows[1:]] == [units[1].name, units[0].name, units[2].name]
    assert f"suy tôn {units[1].name} là đơn vị dẫn đầu" in text
    assert f"Suy tôn {units[1].name} là đơn vị trưởng năm 2024" in text
    # a cluster of a provincial board proposes its own level's awards, never the Government's (issue 14, item 7)
    assert "Cờ thi đua cấp bộ, ban, ngành, tỉnh" in text
    assert "Chính phủ" not in text and "Thủ tướng" not in text


def test_the_xlsx_holds_the_tables_and_the_pdf_is_a_pdf():
    group, units = _year_done()
    report, _created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    report_services.report_enqueue(report=report)
    report.refresh_from_db()
    book = load_workbook(report.xlsx.path)
    assert {"Thành viên", "Xếp hạng", "Bỏ phiếu", "Khen thưởng"} <= set(book.sheetnames)
    ranking_sheet = book["Xếp hạng"]
    assert ranking_sheet["B3"].value == units[1].name
    with report.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_report_of_units_named_like_formulas_with_control_characters_builds_with_the_text_inert():
    """Issue 14 items 15-16: a member's short name is a formula, another's name and the group's name hold control
    characters stored before the input policy: the report is done the first time, the names are text cells."""
    group, units = _year_done()
    Unit.objects.filter(pk=units[1].pk).update(short_name='=HYPERLINK("http://x.vn")')
    Unit.objects.filter(pk=units[2].pk).update(name="Tỉnh\x01 Hà\x0b Giang")
    EmulationGroup.objects.filter(pk=group.pk).update(name="Cụm\x0c thi đua số 1")
    report, _created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    report_services.report_enqueue(report=report)
    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 1
    targets = load_workbook(report.xlsx.path)["Chỉ tiêu"]
    header = {cell.value: cell for cell in targets[2]}
    assert header['=HYPERLINK("http://x.vn")'].data_type == "s"
    members = [cell.value for cell in load_workbook(report.xlsx.path)["Thành viên"]["B"]]
    assert "Tỉnh Hà Giang" in members
    text = _text(report.docx.read())
    assert "Tỉnh Hà Giang" in text and "Cụm thi đua số 1" in text
    with report.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_requesting_again_makes_a_new_current_version_and_keeps_the_old_one(login):
    group, units = _year_done()
    actor = staff_of(units[0])
    first, _ = report_services.report_request(actor=actor, group=group, year=2023)
    report_services.report_enqueue(report=first)
    second, created = report_services.report_request(actor=actor, group=group, year=2023)
    assert created and second.version == 2
    report_services.report_enqueue(report=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert Report.objects.filter(group=group, year=2023, is_current=True).count() == 1
    client = login(actor)
    assert client.get(reverse("yearend:report_download", args=[first.pk, "docx"])).status_code == 200
    page = client.get(reverse("yearend:reports", args=[group.pk, 2023])).content.decode()
    assert "v1" in page and "v2" in page and actor.display_name() in page


def test_a_request_while_one_is_pending_returns_the_pending_one():
    group, units = make_group_year(size=3)
    actor = staff_of(units[0])
    with mock.patch("emulation.tasks.compile_report.apply_async"):
        first, created_first = report_services.report_request(actor=actor, group=group, year=2023)
        again, created_again = report_services.report_request(actor=actor, group=group, year=2023)
    assert created_first and not created_again and again.pk == first.pk
    assert Report.objects.count() == 1


def test_when_the_queue_is_down_the_page_says_so_and_the_request_is_kept_for_a_retry(login):
    group, units = _year_done()
    client = login(staff_of(units[0]))
    with mock.patch("emulation.tasks.compile_report.apply_async", side_effect=OperationalError("Error 111 connecting")):
        response = client.post(reverse("yearend:report_request", args=[group.pk, 2023]), follow=True)
    page = response.content.decode()
    assert "Hàng đợi xử lý báo cáo tạm thời không hoạt động" in page
    report = Report.objects.get()
    assert report.status == "queued" and report.enqueue_error
    response = client.post(reverse("yearend:report_retry", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.status == "done" and report.enqueue_error == ""
    assert Report.objects.count() == 1


def test_requests_kept_while_the_queue_was_down_are_queued_by_the_periodic_task_once_it_is_back(login):
    group, units = _year_done()
    client = login(staff_of(units[0]))
    with mock.patch("emulation.tasks.compile_report.apply_async", side_effect=OperationalError("Error 111 connecting")):
        client.post(reverse("yearend:report_request", args=[group.pk, 2023]))
        assert tasks.requeue_unqueued_reports() == 0  # the queue still down: kept, nothing lost
    report = Report.objects.get()
    assert (report.status, report.enqueue_error != "") == ("queued", True)
    assert tasks.requeue_unqueued_reports() == 1  # the queue back (eager in the tests: compiled at once)
    report.refresh_from_db()
    assert (report.status, report.enqueue_error, report.attempts) == ("done", "", 1)
    assert tasks.requeue_unqueued_reports() == 0
    assert Report.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.requeue", target_id=str(report.pk)).count() == 1


def test_the_periodic_tasks_are_scheduled_for_celery_beat(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["emulation.tasks.requeue_unqueued_reports"] == 60


def test_the_progress_endpoint_reports_status_and_files(login):
    group, units = _year_done()
    report, _ = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    report_services.report_enqueue(report=report)
    data = login(staff_of(units[1])).get(reverse("yearend:report_progress", args=[report.pk])).json()
    assert data["done"] is True and data["progress"] == 100
    assert set(data["files"]) == {"docx", "xlsx", "pdf"}


def test_only_the_chair_or_the_organiser_starts_a_report_and_outsiders_cannot_download(login):
    group, units = _year_done()
    assert login(staff_of(units[1])).post(reverse("yearend:report_request", args=[group.pk, 2023])).status_code == 403
    report, _ = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    report_services.report_enqueue(report=report)
    outsider = staff_of(UnitFactory())
    assert login(outsider).get(reverse("yearend:report_download", args=[report.pk, "docx"])).status_code == 403
    assert login(outsider).get(reverse("yearend:report_progress", args=[report.pk])).status_code == 403


def test_the_summary_is_read_with_a_fixed_number_of_queries(django_assert_max_num_queries):
    group, units = _year_done(size=6)
    with django_assert_max_num_queries(30):
        summary = group_summary(group=group, year=2023)
        assert len(summary.members) == 6 and len(summary.ranking) == 6
        assert summary.leading_units == [units[1]]


def test_the_board_rollup_lists_every_group_it_organises(login):
    group, units = _year_done()
    reviewer = ReviewerFactory(unit=group.organizer)
    summary = rollup_summary(organizer=group.organizer, year=2023)
    assert [row.group for row in summary.rows] == [group]
    assert summary.rows[0].leading == [units[1]]
    assert summary.rows[0].next_chair == units[1]
    response = login(reviewer).post(reverse("yearend:rollup_request", args=[group.organizer.pk, 2023]), follow=True)
    assert response.status_code == 200
    report = Report.objects.get(kind="rollup")
    assert report.status == "done"
    assert group.name in _text(report.docx.open("rb").read())
    assert (
        login(staff_of(units[0])).post(reverse("yearend:rollup_request", args=[group.organizer.pk, 2023])).status_code
        == 403
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_updates_without_reloading_the_page(page, live_server):
    group, units = _year_done()
    chair_staff = staff_of(units[0])
    report, _created = report_services.report_request(actor=chair_staff, group=group, year=2023)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("main input[name=username]", chair_staff.username)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}{reverse('yearend:report', args=[report.pk])}")
    bar = page.locator(".report-progress-bar")
    assert bar.inner_text() == "0%"
    assert page.locator("[data-role=files]").is_hidden()
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    report_services.report_compile(report_id=report.pk)  # what the worker does

    page.locator("[data-role=files] a[data-format=docx]").wait_for(state="visible", timeout=15000)
    assert bar.inner_text() == "100%"
    assert page.locator("[data-role=status]").inner_text() == "Hoàn thành"
    assert navigations == []
    assert not [e for e in errors if "Content Security Policy" in e]


def test_a_report_compiled_before_the_lock_ranks_nobody():
    """Issue 14, item 6: members read the group's report; before the lock it shows no total and no rank."""
    ensure_catalogue()
    scoring_round, units = make_scoring_round(size=3)
    for index, unit in enumerate(units):
        score_unit(scoring_round, unit, {"1.1": 30 + index, "1.2": 25, "2.1": 20})
    report, _created = report_services.report_request(actor=staff_of(units[0]), group=scoring_round.group, year=2023)
    report_services.report_enqueue(report=report)
    report.refresh_from_db()
    text = _text(report.docx.read())
    assert "Chưa khóa sổ: điểm và thứ hạng được công bố khi đơn vị trưởng khóa sổ." in text
    assert "đạt số điểm cao nhất" not in text and "77" not in text
    assert group_summary(group=scoring_round.group, year=2023).ranking == []
