"""The background-job mechanism (clusters.jobs), shown on its first adopter, the year-end report:
asked once however often the button is pressed, kept while the queue is down and queued again when it is back
(by Celery beat or by a user, audited both ways), followed by progress, failed and retried."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from kombu.exceptions import OperationalError

from clusters.jobs import JobStatus
from clusters.models import AuditEvent
from emulation.models import Report
from emulation.services.reports import QUEUE_UNAVAILABLE, REPORTS
from tests.factories import make_group_year, staff_of

pytestmark = pytest.mark.django_db

TASK = "emulation.tasks.compile_report.apply_async"
QUEUE_DOWN = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def group_year():
    group, units = make_group_year(size=3)
    return SimpleNamespace(group=group, chair_staff=staff_of(units[0]))


def _new_report(world, **fields) -> Report:
    version = Report.objects.filter(group=world.group).count() + 1
    return Report.objects.create(
        kind="group", group=world.group, year=2023, version=version, requested_by=world.chair_staff, **fields
    )


def _request(world) -> tuple[Report, bool]:
    scope = {"kind": "group", "group": world.group, "organizer": None, "year": 2023}
    return REPORTS.request(scope=scope, create=lambda: _new_report(world))


def _queue_takes_it():
    return mock.patch(TASK)


def _sent_id(send) -> str:
    """The task id the job was sent under (the job's own, written on its row before sending)."""
    return send.call_args.kwargs["task_id"]


def test_asking_twice_while_the_first_is_pending_gives_the_first(group_year):
    first, created = _request(group_year)
    again, created_again = _request(group_year)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    Report.objects.filter(pk=first.pk).update(status=JobStatus.DONE, is_current=True)
    third, created_third = _request(group_year)
    assert created_third and third.pk != first.pk


def test_a_new_job_is_queued_once_and_a_pending_one_is_not_queued_again(group_year):
    report, created = _request(group_year)
    with _queue_takes_it() as send:
        assert REPORTS.submit(job=report, created=created)
        again, created_again = _request(group_year)
        assert REPORTS.submit(job=again, created=created_again)
    send.assert_called_once_with(args=[report.pk], task_id=mock.ANY, retry=False)
    report.refresh_from_db()
    assert (report.task_id, report.enqueue_error, report.status) == (_sent_id(send), "", "queued")


def test_when_the_queue_is_down_the_job_is_kept_with_the_reason_shown_to_the_user(group_year):
    report, created = _request(group_year)
    with mock.patch(TASK, side_effect=QUEUE_DOWN):
        assert not REPORTS.submit(job=report, created=created)
    report.refresh_from_db()
    assert report.is_kept and report.task_id == "" and report.enqueue_error == str(QUEUE_UNAVAILABLE)
    with _queue_takes_it() as send:  # pressing the button again: the kept job is sent again
        again, created_again = _request(group_year)
        assert (again.pk, created_again) == (report.pk, False)
        assert REPORTS.submit(job=again, created=created_again)
    send.assert_called_once()
    report.refresh_from_db()
    assert not report.is_kept and report.enqueue_error == ""


def test_celery_beat_queues_the_kept_jobs_once_the_queue_is_back_and_audits_it(group_year):
    kept = _new_report(group_year, enqueue_error=str(QUEUE_UNAVAILABLE))
    with mock.patch(TASK, side_effect=QUEUE_DOWN):
        assert REPORTS.requeue_kept() == 0
    with _queue_takes_it() as send:
        assert REPORTS.requeue_kept() == 1
        assert REPORTS.requeue_kept() == 0
    kept.refresh_from_db()
    assert (kept.task_id, kept.enqueue_error) == (_sent_id(send), "")
    audit = AuditEvent.objects.get(action="report.requeue", target_id=str(kept.pk))
    assert audit.actor is None and audit.unit == group_year.chair_staff.unit
    assert audit.summary.startswith("Tự động gửi lại vào hàng đợi:")


def test_a_job_that_failed_for_good_is_retried_by_a_user_and_audited_as_theirs(group_year):
    report = _new_report(group_year, status=JobStatus.FAILED, task_id="old", progress=65, error="OSError: disk full")
    with _queue_takes_it() as send:
        retried, queued = REPORTS.retry(actor=group_year.chair_staff, job=report)
    assert queued and (retried.status, retried.progress, retried.task_id) == ("queued", 0, _sent_id(send))
    assert AuditEvent.objects.get(action="report.retry", target_id=str(report.pk)).actor == group_year.chair_staff


def test_a_finished_job_is_not_retried(group_year):
    report = _new_report(group_year, status=JobStatus.DONE, is_current=True)
    with _queue_takes_it() as send:
        assert REPORTS.retry(actor=group_year.chair_staff, job=report) == (report, False)
    send.assert_not_called()
    assert not AuditEvent.objects.filter(action="report.retry").exists()


def test_a_failed_job_is_not_retried_while_another_of_its_scope_is_pending(group_year):
    failed = _new_report(group_year, status=JobStatus.FAILED)
    _new_report(group_year)  # a newer request, still queued
    with pytest.raises(ValidationError, match="Một yêu cầu khác cho báo cáo này đang được xử lý."):
        REPORTS.retry(actor=group_year.chair_staff, job=failed)


def test_an_attempt_is_counted_and_its_progress_is_capped_at_100(group_year):
    report = _new_report(group_year)
    REPORTS.start(job_id=report.pk, message="Đang đọc số liệu")
    REPORTS.progress(job_id=report.pk, percent=140, message="Đang lưu tệp")
    report.refresh_from_db()
    assert (report.status, report.attempts, report.progress, report.progress_message) == (
        "running",
        1,
        100,
        "Đang lưu tệp",
    )
    assert report.started_at is not None
    fields = REPORTS.finish(report)
    report.save(update_fields=fields)
    report.refresh_from_db()
    assert (report.status, report.progress_message, report.error) == ("done", "Hoàn thành", "")
    assert report.finished_at is not None


@pytest.mark.parametrize(
    ("retries", "status", "message"),
    [(0, "queued", "Lỗi, sẽ tự động thử lại"), (4, "failed", "Lỗi, đã dừng")],
)
def test_a_failing_attempt_is_recorded_and_raised_again_for_celery_to_retry(group_year, retries, status, message):
    report = _new_report(group_year)
    task = SimpleNamespace(request=SimpleNamespace(retries=retries, id=None), max_retries=4)

    def work():
        raise OSError("disk full")

    with pytest.raises(OSError):
        REPORTS.run(task, job_id=report.pk, work=work)
    report.refresh_from_db()
    assert (report.status, report.error, report.progress_message) == (status, "OSError: disk full", message)


def test_a_failure_after_success_leaves_the_finished_job_alone(group_year):
    report = _new_report(group_year, status=JobStatus.DONE, is_current=True)
    REPORTS.fail(job_id=report.pk, error="late", final=True)
    report.refresh_from_db()
    assert (report.status, report.error) == ("done", "")


def test_the_report_names_its_states_in_its_own_words_with_the_jobs_values():
    assert Report(status=JobStatus.RUNNING).get_status_display() == "Đang tổng hợp"
    assert {value for value, _label in Report._meta.get_field("status").choices} == set(JobStatus.values)


# --- Stale jobs: a dead worker, an emptied queue -------------------------------------------------------------
def _age(report: Report, *, seconds: int) -> None:
    """As if the job's last sign of life (queued, started, progress) was `seconds` ago."""
    Report.objects.filter(pk=report.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds))


def test_every_step_of_a_job_stamps_its_heartbeat(group_year):
    report, created = _request(group_year)
    assert report.heartbeat_at is None
    with _queue_takes_it():
        REPORTS.submit(job=report, created=created)
    queued_at = Report.objects.get(pk=report.pk).heartbeat_at
    REPORTS.start(job_id=report.pk, message="Đang đọc số liệu")
    started_at = Report.objects.get(pk=report.pk).heartbeat_at
    REPORTS.progress(job_id=report.pk, percent=50, message="Đang lập bảng")
    progressed_at = Report.objects.get(pk=report.pk).heartbeat_at
    assert queued_at <= started_at <= progressed_at and queued_at is not None


def test_a_running_job_whose_worker_died_is_queued_again_once_under_a_new_task_id(group_year, settings):
    settings.JOB_STALE_SECONDS = 600
    report, created = _request(group_year)
    with _queue_takes_it():
        REPORTS.submit(job=report, created=created)
    REPORTS.start(job_id=report.pk, message="Đang đọc số liệu")
    REPORTS.progress(job_id=report.pk, percent=25, message="Đang lập bảng")
    old_id = Report.objects.get(pk=report.pk).task_id
    _age(report, seconds=599)
    with _queue_takes_it() as send:
        assert REPORTS.recover_stale() == 0  # not yet stale
        _age(report, seconds=601)
        assert REPORTS.recover_stale() == 1
        assert REPORTS.recover_stale() == 0  # its heartbeat is fresh again: not queued twice
    report.refresh_from_db()
    assert (report.status, report.progress, report.requeues) == ("queued", 0, 1)
    assert report.task_id == _sent_id(send) != old_id
    audit = AuditEvent.objects.get(action="report.stale_requeue", target_id=str(report.pk))
    assert audit.actor is None and audit.summary.startswith("Tự động gửi lại vì bị gián đoạn:")


def test_a_queued_job_whose_message_redis_lost_is_queued_again(group_year):
    report, created = _request(group_year)
    with _queue_takes_it():
        REPORTS.submit(job=report, created=created)  # then Redis restarts empty: no worker ever sees it
    _age(report, seconds=3600)
    with _queue_takes_it() as send:
        assert REPORTS.recover_stale() == 1
    send.assert_called_once()
    assert Report.objects.get(pk=report.pk).status == "queued"


def test_a_job_stale_a_second_time_fails_with_a_message_asking_for_a_retry(group_year):
    report, created = _request(group_year)
    with _queue_takes_it():
        REPORTS.submit(job=report, created=created)
        _age(report, seconds=3600)
        assert REPORTS.recover_stale() == 1
        _age(report, seconds=3600)
        assert REPORTS.recover_stale() == 0
    report.refresh_from_db()
    assert report.status == "failed" and "Hãy bấm “Gửi lại”" in report.progress_message
    assert AuditEvent.objects.filter(action="report.stale_failed", target_id=str(report.pk)).count() == 1
    with _queue_takes_it():  # a user's retry starts the count again
        retried, queued = REPORTS.retry(actor=group_year.chair_staff, job=report)
    assert queued and (retried.status, retried.requeues) == ("queued", 0)


def test_a_kept_job_is_not_stale_it_waits_for_the_queue(group_year):
    kept = _new_report(group_year, enqueue_error=str(QUEUE_UNAVAILABLE))
    _age(kept, seconds=3600)
    with _queue_takes_it() as send:
        assert REPORTS.recover_stale() == 0
    send.assert_not_called()


def test_asking_again_for_a_stale_job_queues_it_again_instead_of_refusing(group_year):
    report, created = _request(group_year)
    with _queue_takes_it():
        REPORTS.submit(job=report, created=created)
    REPORTS.start(job_id=report.pk, message="Đang đọc số liệu")
    _age(report, seconds=3600)
    with _queue_takes_it() as send:
        again, created_again = _request(group_year)
    assert (again.pk, created_again) == (report.pk, False)
    send.assert_called_once()
    assert Report.objects.get(pk=report.pk).status == "queued"


def test_the_message_of_a_job_queued_again_is_the_only_one_that_works(group_year):
    report, created = _request(group_year)
    with _queue_takes_it():
        REPORTS.submit(job=report, created=created)
    current = Report.objects.get(pk=report.pk).task_id
    done = []

    def work():
        done.append(True)
        return Report.objects.get(pk=report.pk)

    old = SimpleNamespace(request=SimpleNamespace(retries=0, id="the-old-message"), max_retries=4)
    assert REPORTS.run(old, job_id=report.pk, work=work) == "superseded"
    assert done == []
    new = SimpleNamespace(request=SimpleNamespace(retries=0, id=current), max_retries=4)
    REPORTS.run(new, job_id=report.pk, work=work)
    assert done == [True]
