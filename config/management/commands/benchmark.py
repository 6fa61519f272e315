"""The benchmark of issue 6, in one command (README, "Performance").

1. Year-end reports: for each of --report-scales (0.25, 0.5, 1) a database loaded by
   generate_scale_data (created, migrated and loaded first if missing: `<database>_scale025`, …; the
   configured database is used for the scale it holds). In a child process on that database it times
   the largest cluster's/bloc's report and the central board's national roll-up: reading the data
   (the selectors) and the whole compile the Celery task runs (data + DOCX + XLSX + PDF).
2. Pages: serves the app with gunicorn (DEBUG off, production settings but plain HTTP on localhost,
   PostgreSQL, Redis as the cache) and drives, with wrk (a separate load-generating process), one entry after
   the other, every GET page of the URL conf (config.benchmark.ROUTES, checked against the authorization
   matrix by tests/config/test_benchmark_plan.py) for every role that may open it, on objects of the scale
   data in that account's scope, with its parameters: the first page, a deep page, the common searches,
   each filter. Prints req/s, p50, p95, the share of the signed-in floor (the password form: what any page
   pays for the session, the user and the layout; measured first and last, the faster is used), and each
   list page against the Django admin's changelist of the same model for the same user. One connection by
   default: the p95 of one user's view, not of a queue (README). The page cache off by default (first
   views, what counts); --page-cache both adds the repeat views. Each account carries a CSRF cookie as a
   browser does after the login page.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlunparse

import psycopg
from django.conf import settings
from django.contrib import admin as django_admin
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings
from django.urls import reverse

from awards.models import AwardRecord
from clusters import writers
from clusters.models import Membership, User
from config import benchmark, pagecache
from emulation.models import ReportKind
from emulation.selectors.reports import group_summary, rollup_summary
from emulation.services.reports import report_compile, report_request

REFERENCE_PAGE = "signed-in floor: password form"

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
ADMIN_RATIO_TARGET = 2
#: Fewer requests than this in wrk's run: the page is timed with this many requests one after the other.
MIN_REQUESTS = 3
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
        parser.add_argument("--duration", type=int, default=2, help="Seconds of load per entry (page, role, params).")
        parser.add_argument("--warm", type=int, default=2, help="Requests before each measure (first-request costs).")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
        parser.add_argument(
            "--connections",
            type=int,
            default=1,
            help="wrk connections (default 1: one user's view, p95 without queueing; README).",
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--pages", default="", help="Only the routes whose name contains one of these words (comma-separated)."
        )
        parser.add_argument(
            "--page-cache",
            choices=["off", "on", "both"],
            default="off",
            help="Pages with the page cache off (first views: what counts), on (repeat views), or both.",
        )
        parser.add_argument("--skip-admin", action="store_true", help="Skip the Django admin's changelists.")
        parser.add_argument(
            "--no-add-missing",
            action="store_true",
            help="Do not add the few objects some pages need that the scale data lacks (config.benchmark.add_missing).",
        )
        parser.add_argument("--markdown", default="", help="Also write the tables to this Markdown file.")
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
        if not options["skip_pages"] and not options["no_add_missing"]:
            for line in benchmark.add_missing():
                self.stdout.write(f"Data: {line}")
        modes = {"off": [False], "on": [True], "both": [False, True]}[options["page_cache"]]
        pages = [] if options["skip_pages"] else [self._pages(options, page_cache=cached) for cached in modes]
        options["argv"] = sys.argv[2:] if len(sys.argv) > 2 and sys.argv[1] == "benchmark" else []
        self._print(pages, reports, options)

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
    def _pages(self, options, *, page_cache: bool) -> dict:
        workers = options["workers"]
        connections = options["connections"]
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
            # the API's per-token limit (API_RATE) is counted, as in production, but set above what wrk sends
            "API_RATE": os.environ.get("BENCHMARK_API_RATE", "1000000/min"),
            "LOG_LEVEL": "ERROR",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        script = tmp / "latency.lua"
        script.write_text(WRK_SCRIPT)
        ctx = benchmark.Context()
        entries = benchmark.plan(ctx, pages=options["pages"])
        usernames = {e.username for e in entries if e.username} | {ctx.staff.username, ctx.admin.username}
        cookies = {username: {"Cookie": benchmark.session_cookie(username)} for username in usernames}
        cookies[""] = {}
        # the REST API's routes: a token of a service account acting as the entry's account (no session)
        tokens = {
            e.username: {"Authorization": benchmark.api_authorization(e.username)}
            for e in entries
            if e.api and e.username
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning", "--chdir", str(settings.BASE_DIR)],
            env=env,
        )  # fmt: skip
        measured = [e for e in entries if not e.skipped]
        self.stdout.write(
            f"gunicorn: {workers} workers on {base}; wrk: {connections} connection(s), {options['duration']} s per "
            f"entry; page cache {'on' if page_cache else 'off'}; {len(measured)} entries "
            f"({len(entries) - len(measured)} without their object in the data)"
        )
        floor_path = reverse("password_change")

        def run(path: str, headers: dict[str, str], ok=(200,)) -> dict:
            status, kept, _times = _warm(base + path, headers, times=options["warm"])
            if status not in ok:
                return {"status": status, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "kept": kept,
                        "errors": 0, "non_2xx": 0, "requests": 0}  # fmt: skip
            result = _wrk(base + path, headers, script, connections, options["duration"])
            if result["requests"] < MIN_REQUESTS:  # slower than the duration allows: timed one by one instead
                result = _serial(_warm(base + path, headers, times=MIN_REQUESTS)[2])
            result.update(status=status, kept=kept)
            return result

        try:
            _wait_for(f"{base}/health/")
            floors = [run(floor_path, cookies[ctx.staff.username])]
            rows = []
            for number, entry in enumerate(entries, 1):
                if entry.skipped:
                    rows.append({"entry": entry, "skipped": entry.skipped})
                    continue
                result = run(entry.path, (tokens if entry.api else cookies)[entry.username], entry.ok)
                result["entry"] = entry
                rows.append(result)
                self.stdout.write(
                    f"  [{number}/{len(entries)}] {entry.route} {entry.role} {entry.label}: "
                    f"{result['rps']:.1f} req/s, p95 {result['p95']:.1f} ms"
                    + (f" ({_status(result['status'])})" if result["status"] not in entry.ok else "")
                )
            floors.append(run(floor_path, cookies[ctx.staff.username]))
            # The Django admin's changelists after every page: one that gets no answer (gunicorn kills the worker
            # at its timeout) leaves its query running in the database, which took a CPU from the pages measured
            # after it (the admin's proposal search at scale 10: the next entries' p95 215-405 ms for p50 85-120).
            # Each comparison's runaway queries are cancelled before the next.
            for result in rows:
                entry = result["entry"]
                wanted = entry.admin and "skipped" not in result and not options["skip_admin"]
                admin_path = _admin_path(entry) if wanted else ""
                if admin_path:
                    result["admin"] = run(admin_path, cookies[entry.username])
                    result["admin"]["path"] = admin_path
                    if result["admin"]["status"] != 200:
                        cancelled = _cancel_runaway_queries()
                        self.stdout.write(
                            f"  admin {admin_path}: {_status(result['admin']['status'])}; "
                            f"{cancelled} query(ies) still running cancelled"
                        )
            floor = max(floors, key=lambda r: r["rps"])
            floor.update(path=floor_path, username=ctx.staff.username)
            return {"rows": rows, "floor": floor, "page_cache": page_cache}
        finally:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(tmp, ignore_errors=True)

    # --- Output -----------------------------------------------------------------------------------
    def _print(self, modes: list[dict], reports: list[dict], options) -> None:
        lines: list[str] = []
        write = lines.append
        for mode in modes:
            lines += page_table(mode, with_cache=mode["page_cache"])
            write("")
            lines += admin_table(mode)
            write("")
        if modes:
            lines += skipped_lines(modes[0])
            write("")
        if reports:
            lines += report_table(reports)
            write("")
        lines += run_lines(options)
        for line in lines:
            self.stdout.write(line)
        if options["markdown"]:
            Path(options["markdown"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
            self.stdout.write(f"Tables written to {options['markdown']}")


def _admin_path(entry) -> str:
    """The Django admin's changelist of the page's model with the same request: the first page, the deepest page
    (`?p=` the last page's number, as the admin's paginator counts them) or the same search."""
    from django.apps import apps

    label = entry.label
    if label == "first page":
        query = ""
    elif label == "deep page":
        model = apps.get_model(entry.admin)
        per_page = django_admin.site._registry[model].list_per_page
        query = f"?p={max(1, -(-model._default_manager.count() // per_page))}"
    elif label.startswith("search "):
        query = "?" + urlencode({"q": label.split('"')[1]})
    else:
        return ""  # the admin's filters are not the page's: compared on the first page and the searches only
    return benchmark.admin_changelist(entry.admin, query)


def _share(rps: float, floor: float) -> str:
    return f"{rps / floor:.0%}" if floor else "—"


def page_table(mode: dict, *, with_cache: bool) -> list[str]:
    floor = mode["floor"]["rps"]
    lines = [PAGE_CACHE_HEADINGS[mode["page_cache"]], ""]
    cache_head = " from the page cache |" if with_cache else ""
    lines.append(
        "| page | role | params | requests | req/s | p50 ms | p95 ms | share of floor | "
        f"p95 < {P95_TARGET_MS} ms |{cache_head}"
    )
    lines.append("|---|---|---|---:|---:|---:|---:|---:|:-:|" + (":-:|" if with_cache else ""))
    f = mode["floor"]
    lines.append(
        f"| {REFERENCE_PAGE} | staff | — | {f['requests']} | {f['rps']:.1f} | {f['p50']:.1f} | {f['p95']:.1f} | 100% | "
        f"{_ok(f['p95'] < P95_TARGET_MS)} |" + (" — |" if with_cache else "")
    )
    for row in mode["rows"]:
        if "skipped" in row:
            continue
        e = row["entry"]
        if row["status"] not in e.ok:
            lines.append(f"| {e.route} | {e.role} | {e.label} | — | **{_status(row['status'])}** | — | — | — | **no** |"
                         + (" — |" if with_cache else ""))  # fmt: skip
            continue
        lines.append(
            f"| {e.route} | {e.role} | {e.label} | {row['requests']} | {row['rps']:.1f} | {row['p50']:.1f} | "
            f"{row['p95']:.1f} | "
            f"{_share(row['rps'], floor)} | {_ok(row['p95'] < P95_TARGET_MS)} |"
            + ((" yes |" if row["kept"] else " **no** |") if with_cache else "")
        )
    for row in mode["rows"]:
        if row.get("errors") or row.get("non_2xx"):
            lines.append(f"  ! {row['entry'].route} {row['entry'].role} {row['entry'].label}: {row['errors']} "
                         f"socket errors, {row['non_2xx']} non-2xx answers")  # fmt: skip
    slow = [r for r in mode["rows"] if "skipped" not in r and (r["p95"] >= P95_TARGET_MS or r["status"] not in
            r["entry"].ok)]  # fmt: skip
    lines.append("")
    lines.append(f"Entries measured: {sum(1 for r in mode['rows'] if 'skipped' not in r)}; "
                 f"p95 ≥ {P95_TARGET_MS} ms or failed: {len(slow)}")  # fmt: skip
    return lines


def admin_table(mode: dict) -> list[str]:
    rows = [r for r in mode["rows"] if "admin" in r]
    if not rows:
        return []
    lines = [
        "Each list page against the Django admin's changelist of the same model, for the same user (the system "
        f"administrator, a superuser: both see every row); goal: the page ≥ {ADMIN_RATIO_TARGET}× the admin's req/s",
        "",
        "| page | params | page req/s | page p95 ms | admin changelist | admin req/s | admin p95 ms | ratio | "
        f"≥ {ADMIN_RATIO_TARGET}× |",
        "|---|---|---:|---:|---|---:|---:|---:|:-:|",
    ]
    for row in rows:
        e, a = row["entry"], row["admin"]
        if a["status"] != 200:
            lines.append(f"| {e.route} | {e.label} | {row['rps']:.1f} | {row['p95']:.1f} | {a['path']} | "
                         f"**{_status(a['status'])}** | — | — | — |")  # fmt: skip
            continue
        ratio = row["rps"] / a["rps"] if a["rps"] else 0
        lines.append(
            f"| {e.route} | {e.label} | {row['rps']:.1f} | {row['p95']:.1f} | {a['path']} | {a['rps']:.1f} | "
            f"{a['p95']:.1f} | {ratio:.2f}× | {_ok(ratio >= ADMIN_RATIO_TARGET)} |"
        )
    return lines


def skipped_lines(mode: dict) -> list[str]:
    lines = ["Not measured:", ""]
    for row in mode["rows"]:
        if "skipped" in row:
            e = row["entry"]
            lines.append(f"- {e.route} ({e.role}): {row['skipped']}")
    for name, reason in benchmark.NOT_MEASURED.items():
        lines.append(f"- {name}: {reason}")
    return lines


def report_table(reports: list[dict]) -> list[str]:
    lines = [
        "| scale | award records | largest group (members) | its report: data s | its report: compile s "
        f"(< {GROUP_REPORT_TARGET_S} s) | national roll-up (groups) | roll-up: data s | roll-up: compile s "
        f"(< {ROLLUP_TARGET_S} s) |",
        "|---:|---:|---|---:|---:|---|---:|---:|",
    ]
    for r in reports:
        lines.append(
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
            lines.append(
                f"Growth {first['scale']:g} → {last['scale']:g}: data ×{data_growth:.1f}, "
                f"{label} time ×{growth:.2f} ({verdict})"
            )
    return lines


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_lines(options) -> list[str]:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"Machine: {os.cpu_count()} CPUs, {_cpu_model()}; load average (1, 5, 15 min) at the end: {load}",
        f"Commit: {_commit()}",
        f"Command: manage.py benchmark {' '.join(options['argv'])}".rstrip(),
        f"Database: {settings.DATABASES['default']['NAME']}",
    ]


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


def _cancel_runaway_queries() -> int:
    """Cancel the queries the served app is still running in this database (none is in flight between two measures:
    what runs is left over from a request that got no answer); returns how many."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the activity as it is now, even inside a transaction
        cursor.execute(
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'"
        )
        return cursor.rowcount


#: The status of a request that got no answer (the connection closed or timed out).
NO_ANSWER = 0


def _status(status: int) -> str:
    return "no answer" if status == NO_ANSWER else f"status {status}"


def _warm(url: str, headers: dict[str, str], times: int = 2) -> tuple[int, bool, list[float]]:
    """Request the page a few times (first-request caches, lazy imports); returns the last status, whether
    the last answer came from the page cache, and each request's time in ms."""
    opener = urllib.request.build_opener(_NoRedirect)
    status, kept, times_ms = 0, False, []
    for _i in range(max(1, times)):
        request = urllib.request.Request(url, headers=headers)
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as response:
                response.read()
                status, kept = response.status, response.headers.get(pagecache.HIT_HEADER) == "hit"
        except urllib.error.HTTPError as error:
            status, kept = error.code, False
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            # no answer at all (gunicorn killed a worker past its timeout: the Django admin's changelist of
            # millions of rows): status 0, reported as such, and no second wait
            times_ms.append((time.perf_counter() - started) * 1000)
            return NO_ANSWER, False, times_ms
        times_ms.append((time.perf_counter() - started) * 1000)
    return status, kept, times_ms


def _serial(times_ms: list[float]) -> dict:
    """Figures from requests timed one after the other (a page slower than wrk's duration)."""
    ordered = sorted(times_ms)
    mean = sum(ordered) / len(ordered)
    return {
        "rps": 1000 / mean if mean else 0.0,
        "p50": ordered[len(ordered) // 2],
        "p95": ordered[-1],
        "p99": ordered[-1],
        "errors": 0,
        "non_2xx": 0,
        "requests": len(ordered),
    }


def _wrk(url: str, headers: dict[str, str], script: Path, connections: int, duration: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
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
