"""A real Celery worker (a `celery -A config worker` subprocess) against Redis and the test database.

The tests use `transactional_db` so the worker, in its own process, sees the committed rows; the
worker is pointed at pytest-django's test database through DATABASE_URL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from clusters.models import AuditEvent
from config.celery import app as celery_app
from emulation.models import Report
from emulation.services import reports as report_services
from tests.emulation.test_reports import _year_done
from tests.factories import staff_of

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

WORKER_NAME = "report-test@localhost"
#: Lock requests of this database that are waiting.
WAITING_LOCKS = (
    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE NOT l.granted AND a.datname = current_database()"
)


def _database_url() -> str:
    db = connection.settings_dict
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def start_worker(
    settings,
    log_path: Path,
    *,
    name: str = WORKER_NAME,
    env: dict | None = None,
    control=celery_app,
    args: tuple[str, ...] = (),
) -> subprocess.Popen:
    """Start a prefork worker (one child) on the test database; returns its main process once it
    answers a ping through `control` (a Celery app on the worker's broker). `env` adds variables,
    `args` command-line options (`-B`: with Celery beat inside)."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CONN_MAX_AGE": "0",
        **(env or {}),
    }
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop_worker
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-n",
            name,
            *args,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log, process.log_path = log, log_path
    deadline = time.monotonic() + 60
    while not control.control.ping(destination=[name], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_worker(process)
            pytest.fail("Celery worker did not start:\n" + log_path.read_text(errors="replace"))
    return process


def stop_worker(process: subprocess.Popen) -> None:
    """Warm shutdown (SIGTERM to the worker's process group), SIGKILL after 20 s or if the main
    process is already gone (its children would be orphans)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.log.close()


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    """Start a prefork worker (one child) on the test database; yields the main process."""
    celery_app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.control.purge()
    process = start_worker(settings, tmp_path / "worker.log")
    yield process
    stop_worker(process)
    celery_app.conf.task_always_eager = True


def wait_until_blocked_at_the_last_step(report: Report, *, lock, process) -> None:
    """Wait until the worker compiling `report` reached its last step (90 %) and is waiting on the lock
    that the test's connection `lock` holds."""
    _wait_for(
        lambda: Report.objects.filter(pk=report.pk, progress=90, status="running").exists(),
        timeout=90,
        process=process,
        what=f"v{report.version} to reach its last step",
    )
    _wait_for(
        lambda: lock.execute(WAITING_LOCKS).fetchone()[0] > 0,
        timeout=30,
        process=process,
        what=f"v{report.version} to wait on the lock",
    )


def _wait_for(predicate, *, timeout: float, process, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"Timed out waiting for {what}.\n" + process.log_path.read_text(errors="replace")[-4000:])


def _files_of(report: Report) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / Path(report.docx.name).parent
    return sorted(p.name for p in folder.iterdir())


def test_a_real_worker_compiles_the_report_end_to_end(worker):
    group, units = _year_done()
    report, created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    assert created
    assert report_services.report_enqueue(report=report)
    report.refresh_from_db()
    assert report.task_id

    _wait_for(lambda: Report.objects.get(pk=report.pk).status == "done", timeout=90, process=worker, what="the report")
    report.refresh_from_db()
    assert report.is_current and report.progress == 100 and report.attempts == 1
    assert _files_of(report) == [
        "bao-cao-tong-ket-2023.docx",
        "bao-cao-tong-ket-2023.pdf",
        "bao-cao-tong-ket-2023.xlsx",
    ]
    from tests.emulation.test_reports import _text

    text = _text(report.docx.open("rb").read())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert all(unit.name in text for unit in units)


def test_a_failure_midway_is_retried_automatically_and_nothing_is_duplicated(worker):
    group, units = _year_done()
    # The reports folder cannot be created: the first attempt fails after building the files.
    blocker = Path(settings.MEDIA_ROOT) / "reports"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    report, _created = report_services.report_request(actor=staff_of(units[0]), group=group, year=2023)
    assert report_services.report_enqueue(report=report)

    failed = _wait_for(
        lambda: Report.objects.filter(pk=report.pk, attempts__gte=1).exclude(error="").first(),
        timeout=90,
        process=worker,
        what="the first attempt to fail",
    )
    assert failed.status in ("queued", "running")
    blocker.unlink()  # the cause goes away; the automatic retry (backoff) must now succeed

    _wait_for(lambda: Report.objects.get(pk=report.pk).status == "done", timeout=90, process=worker, what="the retry")
    report.refresh_from_db()
    assert report.attempts >= 2
    assert report.is_current and report.error == ""
    assert Report.objects.filter(group=group, year=2023).count() == 1
    assert _files_of(report) == [
        "bao-cao-tong-ket-2023.docx",
        "bao-cao-tong-ket-2023.pdf",
        "bao-cao-tong-ket-2023.xlsx",
    ]
    assert AuditEvent.objects.filter(action="report.done", target_id=str(report.pk)).count() == 1


def _child_pids(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def test_a_worker_killed_midway_is_redelivered_and_completes_once(worker):
    group, units = _year_done()
    actor = staff_of(units[0])
    first, _ = report_services.report_request(actor=actor, group=group, year=2023)
    report_services.report_enqueue(report=first)
    _wait_for(lambda: Report.objects.get(pk=first.pk).status == "done", timeout=90, process=worker, what="v1")

    # Hold a lock on v1's row: v2's final step (making itself current) waits on it, after its files
    # are written, which keeps the task deterministically "midway" while we kill the worker child.
    lock = psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=connection.settings_dict["USER"],
        host=connection.settings_dict.get("HOST") or "127.0.0.1",
        port=connection.settings_dict.get("PORT") or 5432,
        password=connection.settings_dict.get("PASSWORD") or None,
    )
    try:
        lock.execute("SELECT id FROM emulation_report WHERE id = %s FOR UPDATE", [first.pk])
        second, created = report_services.report_request(actor=actor, group=group, year=2023)
        assert created
        report_services.report_enqueue(report=second)
        wait_until_blocked_at_the_last_step(second, lock=lock, process=worker)
        children = _child_pids(worker.pid)
        assert children, "the prefork worker has a child process"
        for child in children:
            os.kill(child, signal.SIGKILL)
        time.sleep(1)
    finally:
        lock.rollback()
        lock.close()

    _wait_for(lambda: Report.objects.get(pk=second.pk).status == "done", timeout=120, process=worker, what="redelivery")
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.attempts == 2
    assert (first.is_current, second.is_current) == (False, True)
    assert Report.objects.filter(group=group, year=2023).count() == 2
    assert Report.objects.filter(group=group, year=2023, is_current=True).count() == 1
    assert _files_of(second) == [
        "bao-cao-tong-ket-2023.docx",
        "bao-cao-tong-ket-2023.pdf",
        "bao-cao-tong-ket-2023.xlsx",
    ]
    assert AuditEvent.objects.filter(action="report.done", target_id=str(second.pk)).count() == 1
