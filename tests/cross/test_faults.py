"""Faults (issue 6): a worker killed mid-report, Redis stopped or frozen, PostgreSQL restarted.

Every fault is played on PRIVATE services started here (a `redis-server` and a PostgreSQL cluster on
free ports, in temporary folders); the shared PostgreSQL (5432) and Redis (6379) are never touched.
The app runs as it does in production: gunicorn (DEBUG off, plain HTTP) and real Celery workers in
their own processes, configured through the same environment variables as docker-compose.

- Worker killed mid-report. tests/emulation/test_report_worker.py
  ::test_a_worker_killed_midway_is_redelivered_and_completes_once kills the worker's *child*: the main
  process survives, sees the loss and requeues the task (reject_on_worker_lost). Here the *whole* worker
  (main process and child) is SIGKILLed, as when its container or machine dies: nobody is left to
  requeue, the unacknowledged message (acks_late) stays in Redis, and a new worker takes it back after
  the broker's visibility timeout. The report completes once, nothing duplicated.
- Redis stopped, then Redis frozen (SIGSTOP: the port still accepts connections, nothing answers):
  pages serve, starting a report says in Vietnamese that the queue is unavailable, within seconds, and
  keeps the request; when Redis returns it is queued again and a real worker compiles it once.
- PostgreSQL restarted under a running gunicorn (CONN_MAX_AGE 60, persistent connections): with
  CONN_HEALTH_CHECKS no request fails; without them exactly the first request after the restart fails
  (500), which shows what the setting buys. /health/ answers 503 while the database is stopped and 200
  again once it is back, without restarting the app.

Run: `pytest tests/cross/test_faults.py` (or `-m faults`); the tests that run a worker are also marked
`celery_worker`.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
import redis
from celery import Celery
from django.db import connection
from django.urls import reverse

from clusters.models import AuditEvent
from emulation.models import Pledge, Report
from emulation.services import reports as report_services
from tests.emulation.test_report_worker import (
    _database_url,
    _files_of,
    _wait_for,
    start_worker,
    stop_worker,
    wait_until_blocked_at_the_last_step,
)
from tests.emulation.test_reports import _year_done
from tests.factories import attach_dossier, leader_of, staff_of

pytestmark = pytest.mark.faults

REPORT_FILES = ["bao-cao-tong-ket-2023.docx", "bao-cao-tong-ket-2023.pdf", "bao-cao-tong-ket-2023.xlsx"]
QUEUE_UNAVAILABLE = "Hàng đợi xử lý báo cáo tạm thời không hoạt động"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- A private Redis -------------------------------------------------------------------------------
class PrivateRedis:
    """`redis-server` on a free port with an append-only file, as in docker-compose."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.client = redis.Redis(port=self.port, socket_timeout=5)
        #: A Celery app on this broker, to ping workers and send tasks.
        self.celery = Celery("faults", broker=self.url, set_as_current=False)
        #: What the app's processes need to use this Redis for everything.
        self.env = {
            "REDIS_URL": self.url,
            "CELERY_BROKER_URL": self.url,
            "CELERY_RESULT_BACKEND": self.url,
            "CACHE_URL": f"rediscache://127.0.0.1:{self.port}/1",
        }

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
            + ["--appendonly", "yes", "--save", "", "--logfile", str(self.folder / "redis.log")],
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError):
                if self.client.ping():
                    return
            if time.monotonic() > deadline:
                pytest.fail("the private redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): the append-only file keeps what was queued."""
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        self.celery.close()
        self.client.close()
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    folder = Path(tempfile.mkdtemp(prefix="thidua-faults-redis-"))
    server = PrivateRedis(folder)
    server.start()
    yield server
    server.close()
    shutil.rmtree(folder, ignore_errors=True)


# --- The app served by gunicorn, and a small HTTP client ----------------------------------------
def _gunicorn(env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn (one sync worker) with DEBUG off on plain HTTP; returns (process, base URL) once
    /health/ answers 200."""
    port = _free_port()
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process in _stop
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30", "--access-logfile", "-"],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "STATIC_MANIFEST": "false",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log, process.log_path = log, log_path
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if Browser(base).get("/health/", timeout=2).status == 200:
                return process, base
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            pytest.fail("gunicorn did not start:\n" + log_path.read_text(errors="replace")[-4000:])
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    process.log.close()


@dataclass
class Page:
    status: int
    text: str
    path: str
    seconds: float

    def csrf(self) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text).group(1)

    def json(self) -> dict:
        return json.loads(self.text)


class Browser:
    """Cookies and redirects over plain HTTP, like a user's browser without JavaScript."""

    def __init__(self, base: str, cookies: dict | None = None):
        self.host, self.port = base.removeprefix("http://").split(":")
        self.cookies = dict(cookies or {})

    def get(self, path: str, timeout: float = 40) -> Page:
        return self._request("GET", path, None, timeout)

    def post(self, path: str, data: dict, timeout: float = 40) -> Page:
        return self._request("POST", path, data, timeout)

    def _request(self, method: str, path: str, data: dict | None, timeout: float) -> Page:
        started = time.monotonic()
        while True:
            conn = http.client.HTTPConnection(self.host, int(self.port), timeout=timeout)
            headers = {"Accept-Language": "vi", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            body = None
            if data is not None:
                body = urlencode(data)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                conn.request(method, path, body, headers)
                response = conn.getresponse()
                text = response.read().decode()
            finally:
                conn.close()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            if response.status in (301, 302, 303):
                method, path, data = "GET", response.headers["Location"], None
                continue
            return Page(response.status, text, path, time.monotonic() - started)


def _session_cookie(login, user) -> dict:
    """A session of `user` in the test database, as the login page would have made it."""
    return {"sessionid": login(user).cookies["sessionid"].value}


def _send_compile(broker: PrivateRedis, report: Report) -> None:
    broker.celery.send_task("emulation.tasks.compile_report", args=[report.pk], ignore_result=True)


def _group_processes(pgid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


# === A whole worker killed mid-report =============================================================
def _a_whole_worker_killed_midway(settings, tmp_path, private_redis) -> tuple[Report, Report]:
    """Version 1 of a group's report compiled; version 2 running, held at its last step, when its whole worker
    (main process and child) is SIGKILLed. Returns (v1, v2)."""
    group, units = _year_done()
    actor = staff_of(units[0])
    first, _ = report_services.report_request(actor=actor, group=group, year=2023)
    _send_compile(private_redis, first)
    doomed = start_worker(
        settings,
        tmp_path / "doomed.log",
        name="faults-doomed@localhost",
        env=private_redis.env,
        control=private_redis.celery,
    )
    try:
        _wait_for(lambda: Report.objects.get(pk=first.pk).status == "done", timeout=90, process=doomed, what="v1")
        # As in test_report_worker: a lock on v1's row holds v2 at its last step, files written.
        db = connection.settings_dict
        lock = psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"],
            host=db.get("HOST") or "127.0.0.1",
            port=db.get("PORT") or 5432,
            password=db.get("PASSWORD") or None,
        )
        try:
            lock.execute("SELECT id FROM emulation_report WHERE id = %s FOR UPDATE", [first.pk])
            second, created = report_services.report_request(actor=actor, group=group, year=2023)
            assert created
            _send_compile(private_redis, second)
            wait_until_blocked_at_the_last_step(second, lock=lock, process=doomed)
            assert len(_group_processes(doomed.pid)) == 2  # the main process and its child
            os.killpg(doomed.pid, signal.SIGKILL)
            doomed.wait(timeout=10)
            _wait_for(lambda: not _group_processes(doomed.pid), timeout=10, process=doomed, what="the kill")
        finally:
            lock.rollback()
            lock.close()
    finally:
        stop_worker(doomed)

    time.sleep(1)  # the killed child's database session, now unblocked, finds its client gone
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.status, second.progress, second.attempts, second.is_current) == ("running", 90, 1, False)
    assert first.is_current
    return first, second


@pytest.mark.celery_worker
def test_a_whole_worker_killed_midway_leaves_the_report_to_a_new_worker_which_completes_it_once(
    transactional_db, settings, tmp_path, private_redis
):
    first, second = _a_whole_worker_killed_midway(settings, tmp_path, private_redis)
    group = second.group
    # The message was delivered but never acknowledged (acks_late): Redis still holds it.
    assert private_redis.client.hlen("unacked") == 1
    assert private_redis.client.llen("celery") == 0

    rescuer = start_worker(
        settings,
        tmp_path / "rescuer.log",
        name="faults-rescuer@localhost",
        env={
            **private_redis.env,
            # Production keeps 3600 s; here the message comes back in seconds. It must still exceed the
            # time a compile takes, else the rescuer's own sweep hands the running task out again.
            "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(
                {"visibility_timeout": 12, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}
            ),
        },
        control=private_redis.celery,
    )
    try:
        _wait_for(
            lambda: Report.objects.get(pk=second.pk).status == "done", timeout=60, process=rescuer, what="the rescue"
        )
        time.sleep(1)  # let the rescuer acknowledge
        assert private_redis.client.hlen("unacked") == 0
        log = rescuer.log_path.read_text(errors="replace")
    finally:
        stop_worker(rescuer)

    assert len(re.findall(r"Task emulation.tasks.compile_report\[\S+\] received", log)) == 1
    assert len(re.findall(r"Task emulation.tasks.compile_report\[\S+\] succeeded", log)) == 1
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.attempts == 2
    assert (first.is_current, second.is_current) == (False, True)
    assert Report.objects.filter(group=group, year=2023).count() == 2
    assert _files_of(second) == REPORT_FILES
    assert AuditEvent.objects.filter(action="report.done", target_id=str(second.pk)).count() == 1


@pytest.mark.celery_worker
def test_a_report_left_running_by_a_killed_worker_is_queued_again_by_beat_once_and_completed(
    transactional_db, settings, tmp_path, private_redis
):
    """Redis would hand the killed worker's message out again only after its visibility timeout (an hour in
    production); meanwhile the report said "Đang tổng hợp" and refused new requests. Beat finds it stale."""
    first, second = _a_whole_worker_killed_midway(settings, tmp_path, private_redis)
    rescuer = start_worker(
        settings,
        tmp_path / "rescuer.log",
        name="faults-stale@localhost",
        env={**private_redis.env, "JOB_STALE_SECONDS": "3", "REPORT_REQUEUE_SECONDS": "1"},
        control=private_redis.celery,
        args=("-B", "--schedule", str(tmp_path / "beat-schedule")),
    )
    try:
        _wait_until_done(second, rescuer, what="beat to queue the stale report again and the worker to compile it")
        time.sleep(3)  # more beat ticks: a finished report is not queued again
    finally:
        stop_worker(rescuer)
    second.refresh_from_db()
    assert (second.status, second.requeues, second.attempts, second.is_current) == ("done", 1, 2, True)
    assert AuditEvent.objects.filter(action="report.stale_requeue", target_id=str(second.pk)).count() == 1
    assert AuditEvent.objects.filter(action="report.done", target_id=str(second.pk)).count() == 1
    assert _files_of(second) == REPORT_FILES


@pytest.mark.celery_worker
def test_a_report_queued_before_redis_restarted_empty_is_queued_again_by_beat_and_completed(
    settings, tmp_path, private_redis, served_on_private_redis, login
):
    group, units = _year_done()
    browser = Browser(served_on_private_redis, _session_cookie(login, staff_of(units[0])))
    reports_page = browser.get(reverse("yearend:reports", args=[group.pk, 2023]))
    browser.post(reverse("yearend:report_request", args=[group.pk, 2023]), {"csrfmiddlewaretoken": reports_page.csrf()})
    report = Report.objects.get(group=group, year=2023)
    assert report.status == "queued" and report.task_id and private_redis.client.llen("celery") == 1
    private_redis.stop()  # Redis comes back with nothing: the message is gone
    for kept in private_redis.folder.glob("appendonly*"):
        shutil.rmtree(kept) if kept.is_dir() else kept.unlink()
    private_redis.start()
    assert private_redis.client.llen("celery") == 0
    worker = start_worker(
        settings,
        tmp_path / "worker.log",
        name="faults-emptied@localhost",
        env={**private_redis.env, "JOB_STALE_SECONDS": "3", "REPORT_REQUEUE_SECONDS": "1"},
        control=private_redis.celery,
        args=("-B", "--schedule", str(tmp_path / "beat-schedule")),
    )
    try:
        _wait_until_done(report, worker, what="beat to queue the lost report again and the worker to compile it")
    finally:
        stop_worker(worker)
    report.refresh_from_db()
    assert (report.status, report.requeues, report.attempts) == ("done", 1, 1)
    assert AuditEvent.objects.filter(action="report.stale_requeue", target_id=str(report.pk)).count() == 1


# === Redis stopped, Redis frozen ==================================================================
def _pages(group, pledge) -> dict[str, str]:
    return {
        "dashboard": "/",
        "cluster": reverse("clusters:group_year", args=[group.pk, 2023]),
        "pledge": reverse("pledges:detail", args=[pledge.pk]),
        "reports": reverse("yearend:reports", args=[group.pk, 2023]),
    }


@pytest.fixture
def served_on_private_redis(transactional_db, settings, tmp_path, private_redis):
    """gunicorn on the test database with Redis = the private one (broker, results and cache)."""
    process, base = _gunicorn(
        {**private_redis.env, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
        tmp_path / "gunicorn.log",
    )
    GUNICORN_LOGS[base] = tmp_path / "gunicorn.log"
    yield base
    _stop(process)


GUNICORN_LOGS: dict[str, Path] = {}


def served_on_private_redis_log(base: str) -> str:
    """What the gunicorn serving `base` printed so far (access log, console e-mails)."""
    return GUNICORN_LOGS[base].read_text(errors="replace")


def _wait_until_done(report: Report, worker, *, what: str) -> None:
    _wait_for(lambda: Report.objects.get(pk=report.pk).status == "done", timeout=90, process=worker, what=what)


def _assert_compiled_once(report: Report) -> None:
    """Compiled by one attempt, queued without error, the current version and the only request of its year."""
    report.refresh_from_db()
    assert (report.attempts, report.enqueue_error, report.is_current) == (1, "", True)
    assert Report.objects.filter(group=report.group, year=report.year).count() == 1


@pytest.mark.celery_worker
def test_with_redis_stopped_pages_serve_and_a_report_request_is_kept_until_redis_returns(
    settings, tmp_path, private_redis, served_on_private_redis, login
):
    group, units = _year_done()
    pledge = Pledge.objects.get(group=group, year=2023)
    browser = Browser(served_on_private_redis, _session_cookie(login, staff_of(units[0])))
    worker = start_worker(
        settings,
        tmp_path / "worker.log",
        name="faults-redis@localhost",
        env=private_redis.env,
        control=private_redis.celery,
    )
    try:
        private_redis.stop()

        for name, path in _pages(group, pledge).items():
            page = browser.get(path)
            assert (name, page.status) == (name, 200)
            assert page.seconds < 3, f"{name} took {page.seconds:.1f} s with Redis stopped"
        request_url = reverse("yearend:report_request", args=[group.pk, 2023])
        page = browser.post(request_url, {"csrfmiddlewaretoken": browser.get(_pages(group, pledge)["reports"]).csrf()})
        report = Report.objects.get(group=group, year=2023)
        assert page.status == 200 and page.path == reverse("yearend:report", args=[report.pk])
        assert QUEUE_UNAVAILABLE in page.text
        assert page.seconds < 5, f"starting a report took {page.seconds:.1f} s with Redis stopped"
        assert (report.status, report.task_id, report.attempts) == ("queued", "", 0)
        assert report.enqueue_error.startswith(QUEUE_UNAVAILABLE)

        # Pressing the button again keeps the one request.
        again = browser.post(request_url, {"csrfmiddlewaretoken": page.csrf()})
        assert again.path == page.path and QUEUE_UNAVAILABLE in again.text
        assert again.seconds < 5, f"starting it again took {again.seconds:.1f} s"  # CELERY_BROKER_CONNECTION_TIMEOUT
        assert Report.objects.filter(group=group, year=2023).count() == 1

        private_redis.start()
        retried = browser.post(reverse("yearend:report_retry", args=[report.pk]), {"csrfmiddlewaretoken": again.csrf()})
        assert "Đã gửi lại yêu cầu vào hàng đợi." in retried.text
        assert QUEUE_UNAVAILABLE not in retried.text
        _wait_until_done(report, worker, what="the worker (reconnected to Redis) to compile the report")
    finally:
        stop_worker(worker)

    _assert_compiled_once(report)
    assert _files_of(report) == REPORT_FILES
    assert AuditEvent.objects.filter(action="report.done", target_id=str(report.pk)).count() == 1
    progress = browser.get(reverse("yearend:report_progress", args=[report.pk])).json()
    assert progress["done"] and progress["queue_error"] == ""


@pytest.mark.celery_worker
def test_a_report_request_kept_while_redis_was_stopped_is_queued_by_celery_beat_once_redis_returns(
    settings, tmp_path, private_redis, served_on_private_redis, login
):
    group, units = _year_done()
    browser = Browser(served_on_private_redis, _session_cookie(login, staff_of(units[0])))
    worker = start_worker(
        settings,
        tmp_path / "worker.log",
        name="faults-beat@localhost",
        env={**private_redis.env, "REPORT_REQUEUE_SECONDS": "1"},
        control=private_redis.celery,
        args=("-B", "--schedule", str(tmp_path / "beat-schedule")),
    )
    try:
        private_redis.stop()
        reports_page = browser.get(reverse("yearend:reports", args=[group.pk, 2023]))
        page = browser.post(
            reverse("yearend:report_request", args=[group.pk, 2023]), {"csrfmiddlewaretoken": reports_page.csrf()}
        )
        assert QUEUE_UNAVAILABLE in page.text and "sẽ tự động được gửi vào hàng đợi" in page.text
        report = Report.objects.get(group=group, year=2023)
        time.sleep(3)  # beat ticks while Redis is down: it cannot send, nothing is lost
        assert Report.objects.get(pk=report.pk).status == "queued"

        private_redis.start()  # nobody presses "Gửi lại"
        _wait_until_done(report, worker, what="Celery beat to queue the kept request and the worker to compile it")
    finally:
        stop_worker(worker)

    _assert_compiled_once(report)
    assert AuditEvent.objects.filter(action="report.requeue", target_id=str(report.pk)).count() == 1


def test_with_redis_frozen_starting_a_report_answers_within_seconds_and_keeps_the_request(
    private_redis, served_on_private_redis, login
):
    group, units = _year_done()
    pledge = Pledge.objects.get(group=group, year=2023)
    browser = Browser(served_on_private_redis, _session_cookie(login, staff_of(units[0])))
    csrf = browser.get(_pages(group, pledge)["reports"]).csrf()
    private_redis.freeze()
    try:
        for name, path in _pages(group, pledge).items():
            page = browser.get(path)
            assert (name, page.status) == (name, 200)
        page = browser.post(reverse("yearend:report_request", args=[group.pk, 2023]), {"csrfmiddlewaretoken": csrf})
    finally:
        private_redis.thaw()
    # REDIS_SOCKET_TIMEOUT (5 s): without it the request waits until gunicorn kills its worker.
    assert page.status == 200 and QUEUE_UNAVAILABLE in page.text
    assert page.seconds < 12, f"starting a report took {page.seconds:.1f} s with Redis frozen"
    report = Report.objects.get(group=group, year=2023)
    assert (report.status, report.task_id) == ("queued", "")

    retried = browser.post(reverse("yearend:report_retry", args=[report.pk]), {"csrfmiddlewaretoken": page.csrf()})
    assert "Đã gửi lại yêu cầu vào hàng đợi." in retried.text
    report.refresh_from_db()
    assert report.task_id and report.enqueue_error == ""
    assert private_redis.client.llen("celery") == 1  # queued once, for a worker to take
    assert Report.objects.filter(group=group, year=2023).count() == 1


# === PostgreSQL restarted ===========================================================================
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=None)

SESSION_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from clusters.models import User
user = User.objects.create_superuser("pg-fault", "pg-fault@example.org", "unused-password-x1", role="admin")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb, trust auth) in a temporary folder owned by `postgres`."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="thidua-faults-pg-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.data, self.port = self.folder / "data", _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/thidua"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)

    def _pg_ctl(self, *args: str) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args)

    def init(self) -> None:
        self._as_postgres(str(PG_BIN / "initdb"), "-N", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        (self.folder / "options").write_text(options)
        self.start()
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres") as admin:
            admin.autocommit = True
            admin.execute("CREATE DATABASE thidua")

    def start(self) -> None:
        options = (self.folder / "options").read_text()
        self._pg_ctl("-l", str(self.folder / "log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def restart(self) -> None:
        # -l: without a log file the new server would keep pg_ctl's output pipe open
        self._pg_ctl("-l", str(self.folder / "log"), "-w", "-m", "fast", "restart")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DATABASE_URL": self.url},
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def private_postgres():
    """Migrated once for the module (the migrations take ~25 s); a superuser's session to browse with."""
    cluster = PrivatePostgres()
    try:
        cluster.init()
        cluster.manage("migrate", "--noinput")
        cluster.session_key = cluster.manage("shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1]
        yield cluster
    finally:
        cluster.destroy()


def _served_on(cluster: PrivatePostgres, tmp_path: Path, **env: str) -> tuple[subprocess.Popen, Browser, Browser]:
    """gunicorn on the private cluster; returns it, the superuser's browser and a cookie-less probe
    (a load balancer's health check sends no session cookie)."""
    process, base = _gunicorn({"DATABASE_URL": cluster.url, "CONN_MAX_AGE": "60", **env}, tmp_path / "gunicorn.log")
    return process, Browser(base, {"sessionid": cluster.session_key}), Browser(base)


def _gunicorn_worker(process: subprocess.Popen) -> list[int]:
    return [pid for pid in _group_processes(process.pid) if pid != process.pid]


def test_after_a_postgresql_restart_the_app_serves_every_request_without_a_restart_of_its_own(
    private_postgres, tmp_path
):
    process, browser, probe = _served_on(private_postgres, tmp_path)
    try:
        before = [browser.get("/").status, browser.get("/cum-khoi/").status, probe.get("/health/").status]
        serving = _gunicorn_worker(process)
        postmaster = private_postgres.postmaster_pid()

        private_postgres.restart()
        assert private_postgres.postmaster_pid() != postmaster  # a new server: every old connection is gone

        after = [browser.get(path).status for path in ("/", "/cum-khoi/", "/")] + [probe.get("/health/").status]
        assert _gunicorn_worker(process) == serving  # the same gunicorn worker: the app was not restarted
    finally:
        _stop(process)
    assert before == [200, 200, 200]
    assert after == [200, 200, 200, 200]  # CONN_HEALTH_CHECKS: the stale connection is replaced, no failure


def test_without_health_checks_exactly_the_first_request_after_a_postgresql_restart_fails(private_postgres, tmp_path):
    """The control for the test above: the same restart with CONN_HEALTH_CHECKS off."""
    process, browser, _probe = _served_on(private_postgres, tmp_path, CONN_HEALTH_CHECKS="false")
    try:
        assert browser.get("/").status == 200
        private_postgres.restart()
        after = [browser.get("/").status for _ in range(3)]
    finally:
        _stop(process)
    assert after == [500, 200, 200]


def test_health_reports_the_database_down_then_up_again(private_postgres, tmp_path):
    process, browser, probe = _served_on(private_postgres, tmp_path)
    try:
        up = probe.get("/health/")
        private_postgres.stop()
        try:
            down = probe.get("/health/")
        finally:
            private_postgres.start()
        back = probe.get("/health/")
        dashboard = browser.get("/")
    finally:
        _stop(process)
    assert (up.status, up.json()) == (200, {"status": "ok", "database": "ok"})
    assert (down.status, down.json()) == (503, {"status": "error", "database": "unavailable"})
    assert down.seconds < 3
    assert (back.status, back.json()) == (200, {"status": "ok", "database": "ok"})
    assert dashboard.status == 200


def test_with_redis_stopped_reminders_and_award_notifications_are_sent_in_process_and_nothing_fails(
    private_redis, served_on_private_redis, login
):
    """The e-mail tasks fall back to sending from the web process when the queue is down: the user's action
    succeeds and the people concerned still get their e-mail (console back end: it lands in gunicorn's log)."""
    from awards.models import Proposal, ProposalStatus
    from awards.services.proposals import proposal_create
    from tests.factories import make_award_world, make_group_year, make_open_pledge

    group, units = make_group_year(size=3)
    pledge = make_open_pledge(group)
    member_leaders = [leader_of(unit) for unit in units[1:]]
    world = make_award_world()
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="BANG_KHEN_THU_TUONG", year=2023,
        nominee_unit=world.ha_giang, source_group=world.cluster, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    attach_dossier(proposal)
    private_redis.stop()

    chair = Browser(served_on_private_redis, _session_cookie(login, staff_of(units[0])))
    form = chair.get(reverse("pledges:detail", args=[pledge.pk]))
    page = chair.post(reverse("pledges:remind", args=[pledge.pk]), {"csrfmiddlewaretoken": form.csrf()})
    assert page.status == 200
    assert re.search(r"Đã gửi \d+ thư nhắc tới \d+ đơn vị chưa ký\.", page.text)  # sent here, the queue down

    leader = Browser(served_on_private_redis, _session_cookie(login, world.leader))
    form = leader.get(reverse("awards:submission_create"))
    page = leader.post(
        reverse("awards:submission_create"),
        {"csrfmiddlewaretoken": form.csrf(), "number": "15/TTr-UBND", "title": "Đề nghị năm 2023",
         "proposals": proposal.pk},
    )  # fmt: skip
    assert page.status == 200
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED

    log = served_on_private_redis_log(served_on_private_redis)
    assert log.count("Subject:") == 3  # two reminders and the proposal's notification
    for person in [*member_leaders, world.reviewer]:
        assert f"To: {person.email}" in log
