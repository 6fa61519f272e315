"""The benchmark of issue 6, in one command (README, "Performance").

1. Year-end reports: for each of --report-scales (0.25, 0.5, 1) a database loaded by
   generate_scale_data (created, migrated and loaded first if missing: `<database>_scale025`, …; the
   configured database is used for the scale it holds). In a child process on that database it times
   the largest cluster's/bloc's report and the central board's national roll-up: reading the data
   (the selectors) and the whole compile the Celery task runs (data + DOCX + XLSX + PDF).
2. Pages: serves the app with gunicorn (DEBUG off, production settings but plain HTTP on localhost,
   PostgreSQL, Redis as the cache), logs one account of each role in, and drives every key page (and a
   bare Django view that touches no database, the yardstick; and the cheapest signed-in page, the password
   form, as a second one: what any page pays for the session, the user and the layout) with wrk, a separate
   load-generating process, one page after the other. Prints requests/s, p50, p95 and the ratio to the
   bare view, which is measured first and again last (the machine's speed drifts; the faster is used).
   Twice by default (--page-cache): with the page cache off, every view rendered (a first view,
   or any view after a write), and with it on, each page seen again by the same session with nothing
   written in between (config/pagecache.py). Each account carries a CSRF cookie as a browser does
   after the login page; the table says whether each page was indeed served from the cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlunparse

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from django.urls import reverse

from awards.models import AwardRecord
from clusters import writers
from clusters.models import Membership, Role, User
from config import benchmark, pagecache
from emulation.models import ReportKind
from emulation.selectors.reports import group_summary, rollup_summary
from emulation.services.reports import report_compile, report_request

REFERENCE_PAGE = "signed-in floor: password form"
BARE_AGAIN = "bare Django view, again at the end"
BARE_PAGES = ("bare Django view", BARE_AGAIN)

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, \\"p99_us\\": %d, "
    .. "\\"socket_errors\\": %d, \\"non_2xx\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
PAGE_CACHE_HEADINGS = {
    False: "Every view rendered (page cache off: a first view, or any view after a write)",
    True: "Repeat views, nothing written in between (page cache on)",
}
P95_TARGET_MS = 150
RATIO_TARGET = 0.40
GROUP_REPORT_TARGET_S = 10
ROLLUP_TARGET_S = 60


def _database_url(name: str | None = None) -> str:
    db = settings.DATABASES["default"]
    netloc = f"{db.get('USER') or 'postgres'}"
    if db.get("PASSWORD"):
        netloc += f":{db['PASSWORD']}"
    netloc += f"@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return urlunparse(("postgres", netloc, f"/{name or db['NAME']}", "", "", ""))


def _marker(url: str) -> dict | None:
    """The scale-data marker of the database at `url`, None if it has none (or does not exist)."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT data FROM clusters_auditevent WHERE action = 'scale_data.generate' ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return None
    return row[0] if row else None


def _tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "")


class Command(BaseCommand):
    help = "Đo hiệu năng: báo cáo tổng kết theo quy mô 0,25/0,5/1 và các trang chính qua gunicorn + wrk (README)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--report-scales", default="0.25,0.5,1", help="Scales to time the reports at.")
        parser.add_argument(
            "--report-database",
            action="append",
            default=[],
            metavar="NAME",
            help="Time the reports also in this database, already loaded by generate_scale_data at any scale "
            "(e.g. thidua_scale10 for scale 10); may be given several times.",
        )
        parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
        parser.add_argument("--connections", type=int, default=0, help="wrk connections (default: = workers).")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--page-cache",
            choices=["off", "on", "both"],
            default="both",
            help="Measure the pages with the page cache off (every view rendered), on (repeat views), or both.",
        )
        parser.add_argument("--skip-reports", action="store_true")
        parser.add_argument("--skip-pages", action="store_true")
        parser.add_argument("--time-reports", action="store_true", help="(internal) time the reports here.")

    def handle(self, *args, **options):
        if options["time_reports"]:
            self.stdout.write("REPORTS " + json.dumps(time_reports()))
            return
        if not shutil.which("wrk") and not options["skip_pages"]:
            raise CommandError("wrk is not installed (apt-get install -y wrk).")
        here = _marker(_database_url())
        if here is None:
            raise CommandError(
                "The configured database holds no scale data: run `manage.py generate_scale_data --scale 1` first."
            )
        self.stdout.write(
            f"Database {settings.DATABASES['default']['NAME']}: scale {here['scale']}, seed {here['seed']}"
        )
        reports = []
        if not options["skip_reports"]:
            for scale in [float(s) for s in options["report_scales"].split(",") if s.strip()]:
                url = self._scale_database(scale, options["seed"], here)
                reports.append(self._time_reports(scale, url))
            for name in options["report_database"]:
                marker = _marker(_database_url(name))
                if marker is None:
                    raise CommandError(f"{name} holds no scale data: load it with generate_scale_data first.")
                reports.append(self._time_reports(float(marker["scale"]), _database_url(name)))
            reports.sort(key=lambda report: report["scale"])
        modes = {"off": [False], "on": [True], "both": [False, True]}[options["page_cache"]]
        pages = {} if options["skip_pages"] else {cached: self._pages(options, page_cache=cached) for cached in modes}
        self._print(pages, reports)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"Machine: {os.cpu_count()} CPUs, load average (1, 5, 15 min) at the end: {load}")

    # --- Databases of other scales ----------------------------------------------------------------
    def _scale_database(self, scale: float, seed: int, here: dict) -> str:
        if float(here["scale"]) == scale:
            return _database_url()
        name = f"{settings.DATABASES['default']['NAME']}_scale{_tag(scale)}"
        url = _database_url(name)
        if _marker(url) is None:
            self.stdout.write(f"Loading scale {scale} into {name} …")
            with psycopg.connect(_database_url("postgres"), autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
            env = {**os.environ, "DATABASE_URL": url}
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
            subprocess.run(
                [*manage, "generate_scale_data", "--scale", str(scale), "--seed", str(seed)], env=env, check=True
            )
        return url

    def _time_reports(self, scale: float, url: str) -> dict:
        self.stdout.write(f"Timing the reports at scale {scale} …")
        env = {**os.environ, "DATABASE_URL": url}
        result = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark", "--time-reports"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        line = next(line for line in result.stdout.splitlines() if line.startswith("REPORTS "))
        return {"scale": scale, **json.loads(line[len("REPORTS ") :])}

    # --- Pages ------------------------------------------------------------------------------------
    def _pages(self, options, *, page_cache: bool) -> list[dict]:
        workers = options["workers"]
        connections = options["connections"] or workers
        port = options["port"]
        base = f"http://127.0.0.1:{port}"
        tmp = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on localhost; everything else as in production
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CACHE_URL": os.environ.get("BENCHMARK_CACHE_URL", "redis://127.0.0.1:6379/7"),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "BENCHMARK_BARE_VIEW": "1",
            "PAGE_CACHE_SECONDS": "60" if page_cache else "0",
            "LOG_LEVEL": "ERROR",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        script = tmp / "latency.lua"
        script.write_text(WRK_SCRIPT)
        pages = benchmark.key_pages()
        cookies = {username: benchmark.session_cookie(username) for username in {p.username for p in pages}}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning", "--chdir", str(settings.BASE_DIR)],
            env=env,
        )  # fmt: skip
        try:
            _wait_for(f"{base}/health/")
            self.stdout.write(
                f"gunicorn: {workers} workers on {base}; wrk: {connections} connections, "
                f"{options['duration']} s per page; page cache {'on' if page_cache else 'off'}"
            )
            staff = next(p for p in pages if p.role == Role.STAFF)
            targets = [
                ("bare Django view", "anonymous", "/benchmark/bare/", ""),
                # the second yardstick: the cheapest signed-in page (session, user, layout, a 3-field form)
                (REFERENCE_PAGE, Role.STAFF, reverse("password_change"), cookies[staff.username]),
            ]
            targets += [(p.name, p.role, p.path, cookies[p.username]) for p in pages]
            # the yardstick again: the machine's speed drifts over the run, and the faster of the two is used
            targets.append((BARE_AGAIN, "anonymous", "/benchmark/bare/", ""))
            results = []
            for name, role, path, cookie in targets:
                status, kept = _warm(base + path, cookie)
                if status != 200:
                    raise CommandError(f"{name}: {path} answered {status}")
                measured = _wrk(base + path, cookie, script, connections, options["duration"])
                measured.update(page=name, role=role, path=path, kept=kept)
                results.append(measured)
                self.stdout.write(f"  {name:<24} {measured['rps']:8.1f} req/s  p95 {measured['p95']:7.1f} ms")
            return results
        finally:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(tmp, ignore_errors=True)

    # --- Output -----------------------------------------------------------------------------------
    def _print(self, modes: dict[bool, list[dict]], reports: list[dict]) -> None:
        write = self.stdout.write
        for page_cache, pages in modes.items():
            yardsticks = [row for row in pages if row["page"] in BARE_PAGES]
            bare = max(row["rps"] for row in yardsticks)
            write("")
            write(PAGE_CACHE_HEADINGS[page_cache])
            write("")
            write(
                "| page | role | requests/s | p50 ms | p95 ms | vs bare view | "
                f"p95 < {P95_TARGET_MS} ms | ≥ 40% of bare | from the page cache |"
            )
            write("|---|---|---:|---:|---:|---:|:-:|:-:|:-:|")
            for row in pages:
                ratio = row["rps"] / bare if bare else 0
                is_yardstick = row["page"] in BARE_PAGES
                is_bare = is_yardstick or row["page"] == REFERENCE_PAGE
                write(
                    f"| {row['page']} | {row['role']} | {row['rps']:.1f} | {row['p50']:.1f} | {row['p95']:.1f} | "
                    f"{ratio:.0%} | {_ok(row['p95'] < P95_TARGET_MS)} | "
                    f"{'—' if is_bare else _ok(ratio >= RATIO_TARGET)} | "
                    f"{('yes' if row['kept'] else '**no**') if page_cache and not is_yardstick else '—'} |"
                )
            bad = [r for r in pages if r["errors"] or r["non_2xx"]]
            for row in bad:
                write(f"  ! {row['page']}: {row['errors']} socket errors, {row['non_2xx']} non-2xx answers")
        if reports:
            write("")
            write(
                "| scale | award records | largest group (members) | its report: data s | its report: compile s "
                f"(< {GROUP_REPORT_TARGET_S} s) | national roll-up (groups) | roll-up: data s | roll-up: compile s "
                f"(< {ROLLUP_TARGET_S} s) |"
            )
            write("|---:|---:|---|---:|---:|---|---:|---:|")
            for r in reports:
                write(
                    f"| {r['scale']:g} | {r['award_records']:,} | {r['group']} ({r['members']}) | "
                    f"{r['group_data_s']:.2f} | "
                    f"{r['group_compile_s']:.2f} {_ok(r['group_compile_s'] < GROUP_REPORT_TARGET_S)} | "
                    f"{r['board']} ({r['rollup_groups']}) | {r['rollup_data_s']:.2f} | "
                    f"{r['rollup_compile_s']:.2f} {_ok(r['rollup_compile_s'] < ROLLUP_TARGET_S)} |"
                )
            if len(reports) > 1:
                first, last = reports[0], reports[-1]
                data_growth = last["award_records"] / first["award_records"]
                for key, label in (("group_compile_s", "largest group's report"), ("rollup_compile_s", "roll-up")):
                    growth = last[key] / first[key] if first[key] else 0
                    verdict = "linear or better" if growth <= data_growth * 1.1 else "WORSE than linear"
                    write(
                        f"Growth {first['scale']:g} → {last['scale']:g}: data ×{data_growth:.1f}, "
                        f"{label} time ×{growth:.2f} ({verdict})"
                    )


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"gunicorn did not answer {url}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _warm(url: str, cookie: str, times: int = 10) -> tuple[int, bool]:
    """Request the page a few times (first-request caches, lazy imports); returns the last status and whether
    the last answer came from the page cache."""
    opener = urllib.request.build_opener(_NoRedirect)
    status, kept = 0, False
    for _i in range(times):
        request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
        try:
            with opener.open(request, timeout=60) as response:
                response.read()
                status, kept = response.status, response.headers.get(pagecache.HIT_HEADER) == "hit"
        except urllib.error.HTTPError as error:
            status, kept = error.code, False
    return status, kept


def _wrk(url: str, cookie: str, script: Path, connections: int, duration: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    data = json.loads(line[4:])
    seconds = data["duration_us"] / 1e6
    return {
        "rps": data["requests"] / seconds if seconds else 0.0,
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "errors": data["socket_errors"],
        "non_2xx": data["non_2xx"],
        "requests": data["requests"],
    }


def time_reports() -> dict:
    """Run in a child process on one scale's database: time the two reports, data and full compile, as a
    running Celery worker does them: with WeasyPrint and its fonts loaded at the worker's start
    (config/celery.py), not in the first report's time."""
    writers.preload()
    year = benchmark.CLOSED_YEAR
    admin = User.objects.get(username="sd.admin")
    group = benchmark.largest_group(year)
    board = benchmark.central_board()
    result = {
        "award_records": AwardRecord.objects.count(),
        "group": group.name,
        "members": Membership.objects.filter(group=group, year=year).count(),
        "board": board.short_name or board.name,
    }
    with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="thidua-bench-media-")):
        started = time.perf_counter()
        group_summary(group=group, year=year)
        result["group_data_s"] = time.perf_counter() - started
        started = time.perf_counter()
        report, _created = report_request(actor=admin, year=year, group=group)
        report_compile(report_id=report.pk)
        result["group_compile_s"] = time.perf_counter() - started

        started = time.perf_counter()
        summary = rollup_summary(organizer=board, year=year)
        result["rollup_data_s"] = time.perf_counter() - started
        result["rollup_groups"] = len(summary.rows)
        started = time.perf_counter()
        report, _created = report_request(actor=admin, year=year, kind=ReportKind.ROLLUP, organizer=board)
        report_compile(report_id=report.pk)
        result["rollup_compile_s"] = time.perf_counter() - started
    return result
