"""Excel export of award records: a selection up to RECORD_EXPORT_MAX_ROWS downloads at once; a larger one
is built by a Celery task, never cut short, and downloaded from its own page (kept with who asked and when)."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from awards import tasks
from awards.models import RecordExport
from awards.services.exports import EXPORTS, record_export_request
from clusters.jobs import JobStatus
from clusters.models import AuditEvent
from tests.emulation.test_report_worker import _wait_for, worker  # noqa: F401  (the real Celery worker fixture)
from tests.factories import AwardRecordFactory, ReviewerFactory, award_type, make_award_world

pytestmark = pytest.mark.django_db

LIST = reverse("awards:record_list")


@pytest.fixture
def world():
    return make_award_world()


@pytest.fixture
def records(settings):
    settings.RECORD_EXPORT_MAX_ROWS = 2
    AwardRecordFactory.create_batch(2, year=2022)
    AwardRecordFactory(year=2023, award_type=award_type("CSTD_CO_SO"))


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))


def test_a_selection_within_the_limit_downloads_at_once(world, login, records):
    response = login(world.reviewer).get(LIST, {"year": 2022, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="khen-thuong.xlsx"'
    assert [row[0] for row in _rows(response.content)] == [2022, 2022]
    assert not RecordExport.objects.exists()


def test_a_larger_selection_is_built_in_the_background_and_downloads_whole(world, login, records):
    client = login(world.reviewer)
    response = client.get(LIST, {"format": "xlsx"}, follow=True)
    export = RecordExport.objects.get()
    assert response.redirect_chain[-1][0] == export.get_absolute_url()
    page = response.content.decode()
    assert "Có 3 khen thưởng khớp bộ lọc, nhiều hơn 2 dòng tải trực tiếp" in page
    assert "Hoàn thành" in page and "3 dòng" in page  # Celery is eager in the tests: built at once
    download = client.get(reverse("awards:record_export_download", args=[export.pk]))
    assert sorted(row[0] for row in _rows(b"".join(download.streaming_content))) == [2022, 2022, 2023]
    assert f"#{export.pk}" in client.get(LIST).content.decode()  # the list keeps the reviewer's latest exports
    actions = set(AuditEvent.objects.filter(target_id=str(export.pk)).values_list("action", flat=True))
    assert actions == {"records.export", "records.export_done"}


def test_the_background_export_keeps_the_filters(world, login, records, settings):
    settings.RECORD_EXPORT_MAX_ROWS = 1
    client = login(world.reviewer)
    client.get(LIST, {"year": 2022, "format": "xlsx"})
    export = RecordExport.objects.get()
    assert (export.year, export.row_count) == (2022, 2)
    assert "Năm 2022" in client.get(export.get_absolute_url()).content.decode()


def test_another_reviewer_cannot_open_or_download_someone_elses_export(world, login, records):
    login(world.reviewer).get(LIST, {"format": "xlsx"})
    export = RecordExport.objects.get()
    client = login(ReviewerFactory())
    assert client.get(export.get_absolute_url()).status_code == 403
    assert client.get(reverse("awards:record_export_download", args=[export.pk])).status_code == 403
    assert login(world.admin).get(export.get_absolute_url()).status_code == 200
    assert login(world.staff).get(LIST, {"format": "xlsx"}).status_code == 403


def test_with_the_queue_down_the_request_is_kept_then_queued_by_the_periodic_task(world, login, records):
    client = login(world.reviewer)
    down = mock.patch("awards.tasks.build_record_export.apply_async", side_effect=OperationalError("Error 111"))
    with down:
        page = client.get(LIST, {"format": "xlsx"}, follow=True).content.decode()
        assert tasks.requeue_unqueued_exports() == 0
    export = RecordExport.objects.get()
    assert "Hàng đợi xử lý tạm thời không hoạt động" in page and "Gửi lại" in page
    assert 'http-equiv="refresh"' not in page  # kept: the page waits for the user or for Celery beat
    assert (export.status, export.task_id) == ("queued", "")
    assert export.enqueue_error.startswith("Hàng đợi xử lý tạm thời không hoạt động")
    assert tasks.requeue_unqueued_exports() == 1  # the queue is back
    export.refresh_from_db()
    assert (export.status, export.row_count, export.error, export.enqueue_error) == ("done", 3, "", "")
    assert (export.progress, export.attempts) == (100, 1)
    assert tasks.requeue_unqueued_exports() == 0
    requeue = AuditEvent.objects.get(action="records.export.requeue", target_id=str(export.pk))
    assert requeue.actor is None and requeue.unit == world.reviewer.unit


def test_asking_again_while_the_export_waits_does_not_start_a_second_one(world, login, records):
    client = login(world.reviewer)
    with mock.patch("awards.tasks.build_record_export.apply_async", side_effect=OperationalError("Error 111")):
        first = client.get(LIST, {"format": "xlsx"})
        again = client.get(LIST, {"format": "xlsx"})
    assert first.url == again.url == RecordExport.objects.get().get_absolute_url()
    client.get(LIST, {"year": 2022, "format": "xlsx"})  # other filters: within the limit, downloaded at once
    assert RecordExport.objects.count() == 1


def test_the_retry_button_queues_a_kept_request_again(world, login, records):
    client = login(world.reviewer)
    with mock.patch("awards.tasks.build_record_export.apply_async", side_effect=OperationalError("Error 111")):
        client.get(LIST, {"format": "xlsx"})
    export = RecordExport.objects.get()
    page = client.post(reverse("awards:record_export_retry", args=[export.pk]), follow=True).content.decode()
    assert "Đã gửi lại yêu cầu vào hàng đợi." in page and "3 dòng" in page
    assert AuditEvent.objects.get(action="records.export.retry", target_id=str(export.pk)).actor == world.reviewer


def test_a_failing_build_is_kept_as_failed_then_built_when_asked_again(world, login, records):
    client = login(world.reviewer)
    with mock.patch("awards.tasks.build_record_export.apply_async", return_value=mock.Mock(id="task-1")):
        client.get(LIST, {"format": "xlsx"})  # queued, no worker yet
    export = RecordExport.objects.get()
    broken = mock.patch("awards.services.exports.records_xlsx", side_effect=OSError("disk full"))
    with broken, pytest.raises(OSError):  # the worker's last automatic retry fails too
        tasks.build_record_export.apply(args=[export.pk], retries=3, task_id=export.task_id)
    export.refresh_from_db()
    assert (export.status, export.error) == ("failed", "OSError: disk full")
    page = client.get(export.get_absolute_url()).content.decode()
    assert "Lỗi" in page and "Lỗi, đã dừng" in page and "OSError: disk full" in page and "Gửi lại" in page
    assert 'http-equiv="refresh"' not in page
    page = client.post(reverse("awards:record_export_retry", args=[export.pk]), follow=True).content.decode()
    export.refresh_from_db()
    assert (export.status, export.row_count, export.error) == ("done", 3, "")
    assert "Đã gửi lại yêu cầu vào hàng đợi." in page and "3 dòng" in page


def test_a_pending_export_refreshes_its_page_and_a_finished_one_is_not_retried(world, login, records):
    client = login(world.reviewer)
    with mock.patch("awards.tasks.build_record_export.apply_async", return_value=mock.Mock(id="task-1")):
        client.get(LIST, {"format": "xlsx"})
    export = RecordExport.objects.get()
    assert 'http-equiv="refresh"' in client.get(export.get_absolute_url()).content.decode()
    EXPORTS.enqueue(job=export)  # eager: built now
    export.refresh_from_db()
    assert export.status == "done"
    client.post(reverse("awards:record_export_retry", args=[export.pk]))
    assert not AuditEvent.objects.filter(action="records.export.retry").exists()


def test_at_most_one_export_of_the_same_user_and_filters_is_pending(world):
    RecordExport.objects.create(requested_by=world.reviewer, year=None, award_type=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordExport.objects.create(requested_by=world.reviewer, year=None, award_type=None)
    RecordExport.objects.create(requested_by=world.reviewer, year=2022)  # other filters
    RecordExport.objects.create(requested_by=world.reviewer, status=JobStatus.FAILED)  # not pending
    RecordExport.objects.create(requested_by=world.admin)  # another user
    export, created = record_export_request(actor=world.reviewer)
    assert not created and export.year is None and export.status == "queued"


@pytest.mark.celery_worker
def test_a_real_worker_builds_the_export(worker, settings):  # noqa: F811
    settings.RECORD_EXPORT_MAX_ROWS = 2
    world = make_award_world()
    AwardRecordFactory.create_batch(5, year=2022)
    export, created = record_export_request(actor=world.reviewer, year=2022)
    assert EXPORTS.submit(job=export, created=created)
    _wait_for(
        lambda: RecordExport.objects.get(pk=export.pk).status == "done", timeout=60, process=worker, what="export"
    )
    export.refresh_from_db()
    assert export.row_count == 5 and len(_rows(export.file.open("rb").read())) == 5
