"""`manage.py benchmark` (issue 6, README "Performance") runs end to end on a tiny data set.

Not a timing test: the command is run the way the README says (its own database loaded by
`generate_scale_data`, gunicorn serving it, wrk driving every key page for one second, the year-end
reports compiled and timed) and its printed tables must hold a measured row for every page and the report
timings, with no failed request.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from config.management.commands.benchmark import BARE_AGAIN, PAGE_CACHE_HEADINGS, REFERENCE_PAGE
from tests.cross.test_query_counts import PAGE_NAMES

BASE_DIR = Path(settings.BASE_DIR)
PAGES = ["bare Django view", REFERENCE_PAGE, *PAGE_NAMES, BARE_AGAIN]  # test_query_counts.py key pages


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


@pytest.fixture(scope="module")
def printed():
    name = f"thidua_benchtest_{uuid.uuid4().hex[:8]}"
    admin_url = _server_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": _server_url(name), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DEBUG", None)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]

    def run(*args: str) -> str:
        result = subprocess.run([*manage, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    try:
        run("migrate", "-v0")
        run("generate_scale_data", "--scale", "0.002", "--seed", "7")
        yield run(
            "benchmark", "--report-scales", "0.002", "--duration", "1", "--workers", "2",
            "--port", str(_free_port()),
        )  # fmt: skip
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _table_rows(output: str, heading: str) -> dict[str, list[str]]:
    """The rows of the page table printed under `heading`."""
    assert heading in output
    rows = {}
    for line in output.split(heading, 1)[1].splitlines():
        if line in PAGE_CACHE_HEADINGS.values():
            break  # the next table
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if (
            line.startswith("| ")
            and len(cells) == 9
            and cells[1] in {"anonymous", "staff", "leader", "reviewer", "board_admin", "admin"}
        ):
            rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize("page_cache", [False, True], ids=["page cache off", "page cache on"])
def test_the_benchmark_measures_every_key_page_and_both_yardsticks(printed, page_cache):
    rows = _table_rows(printed, PAGE_CACHE_HEADINGS[page_cache])
    assert list(rows) == PAGES
    for name, cells in rows.items():
        requests_per_second, p50, p95 = (float(cells[i]) for i in (2, 3, 4))
        assert requests_per_second > 0, name
        assert 0 < p50 <= p95, name
        assert re.fullmatch(r"\d+%", cells[5]), name
        assert cells[6] in {"yes", "**no**"}, name
    assert "100%" in {rows["bare Django view"][5], rows[BARE_AGAIN][5]}  # the faster of the two


def test_with_the_page_cache_on_every_signed_in_page_measured_was_served_from_it(printed):
    rows = _table_rows(printed, PAGE_CACHE_HEADINGS[True])
    signed_in = {name: cells[8] for name, cells in rows.items() if "bare" not in name}
    assert signed_in == dict.fromkeys(PAGES[1:-1], "yes")
    off = _table_rows(printed, PAGE_CACHE_HEADINGS[False])
    assert {cells[8] for cells in off.values()} == {"—"}


def test_no_request_of_the_benchmark_failed(printed):
    assert "socket errors" not in printed
    assert "non-2xx" not in printed


def test_the_benchmark_times_the_largest_groups_report_and_the_national_roll_up(printed):
    report_rows = [line for line in printed.splitlines() if line.startswith("| 0.002 |")]
    assert len(report_rows) == 1
    cells = [cell.strip() for cell in report_rows[0].strip("|").split("|")]
    assert "Ban TĐKT Trung ương" in cells[5]
    group_seconds, rollup_seconds = float(cells[4].split()[0]), float(cells[7].split()[0])
    assert group_seconds > 0 and rollup_seconds > 0
    assert "Machine: " in printed
