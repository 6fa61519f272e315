"""The demo: `load_demo` fills the real organisation and one account per role; `rundemo` serves it with nothing else
running (README's first command)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from awards.models import Proposal
from clusters.demo.accounts import DEMO_PASSWORD
from clusters.models import EmulationGroup, Membership, Role, Unit, UnitKind, User
from emulation.models import Pledge

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (it compiles a report, ~15 s) inside a transaction rolled back at
    the end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = _load_demo()
        yield output
        transaction.set_rollback(True)


def _counts():
    return {
        model.__name__: model.objects.count() for model in (Unit, EmulationGroup, Membership, User, Pledge, Proposal)
    }


def test_the_demo_holds_every_province_before_and_after_the_2025_merger_with_their_lineage(demo_output):
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE)
    assert provinces.count() == 63 + 23  # the 63 of before; 23 new ones formed by merging, 11 went on unchanged
    assert provinces.filter(active_from__isnull=True, code__gt="").count() == 63  # with their administrative codes
    assert provinces.filter(active_to__isnull=True).count() == 34  # in force since 1 July 2025
    lang_son = provinces.get(short_name="Lạng Sơn", code="20")
    assert lang_son.successor is None  # Lạng Sơn was not merged
    ha_giang = provinces.get(short_name="Hà Giang")
    assert ha_giang.successor.name == "Tỉnh Tuyên Quang"
    assert str(ha_giang.active_to) == "2025-06-30"
    # the merged province keeps its past memberships: history is not rewritten
    assert Membership.objects.filter(unit=ha_giang, year=2023).exists()


def test_the_demo_holds_the_seeds_clusters_with_their_chairs_and_vice_chairs(demo_output):
    border = EmulationGroup.objects.get(name="Cụm thi đua các tỉnh miền núi biên giới phía Bắc")
    officers = {
        (m.year, m.role): m.unit.short_name
        for m in Membership.objects.filter(group=border).exclude(role="member").select_related("unit")
    }
    assert officers[(2023, "chair")] == "Lạng Sơn"
    assert officers[(2023, "vice_chair")] == "Lào Cai"
    assert officers[(2024, "chair")] == "Lào Cai"
    south_east = EmulationGroup.objects.get(name="Cụm thi đua các tỉnh miền Đông Nam Bộ")
    assert Membership.objects.get(group=south_east, year=2023, role="chair").unit.short_name == "Bình Phước"
    assert Membership.objects.filter(group=south_east, year=2023).count() == 7
    assert EmulationGroup.objects.filter(name="Khối Thi đua 1", kind="bloc").exists()


def test_loading_the_demo_twice_changes_nothing(demo_output):
    first = _counts()
    _load_demo()
    assert _counts() == first


def test_the_command_prints_one_login_per_role_and_each_of_them_can_log_in(client, demo_output):
    output = demo_output
    assert f"mật khẩu chung: {DEMO_PASSWORD}" in output
    printed = set(re.findall(r"^\s+(\S+)\s", output, flags=re.M))
    roles = {User.objects.get(username=username).role for username in printed}
    assert roles == {Role.STAFF, Role.LEADER, Role.REVIEWER, Role.BOARD_ADMIN, Role.ADMIN}
    for username in ["admin", "thamdinh.tw", "thamdinh.bentre", "quantri.bentre", "canbo.langson", "lanhdao.langson"]:
        assert username in printed
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert response.url == "/"


DASHBOARDS = {
    "lanhdao.binhduong": ["Giao ước chờ đơn vị ký", "Cụm thi đua các tỉnh miền Đông Nam Bộ — 2023"],
    "canbo.binhphuoc": ["Giao ước của cụm, khối đơn vị làm trưởng", "Cụm thi đua các tỉnh miền Đông Nam Bộ"],
    "canbo.langson": ["Đề nghị khen thưởng", "Cụm thi đua các tỉnh miền núi biên giới phía Bắc (2024)"],
    "thamdinh.tw": ["Thẩm định khen thưởng", "Báo cáo tổng hợp các cụm, khối năm 2023"],
    "thamdinh.bentre": ["Cụm, khối do Ban tổ chức", "Khối Thi đua 1"],
    "quantri.bentre": ["Tài khoản đang quản lý", "Tạo tài khoản"],
    "admin": ["Danh mục", "Đơn vị đang hoạt động"],
}


def test_each_demo_role_sees_on_its_dashboard_what_needs_its_action(client, demo_output):
    for username, expected in DASHBOARDS.items():
        client.force_login(User.objects.get(username=username))
        body = client.get("/").content.decode()
        for text in expected:
            assert text in body, f"{username}: {text!r} missing"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_rundemo_serves_the_demo_on_a_fresh_directory_with_nothing_else_running(tmp_path):
    """README's first command, minus the install: its own embedded database in the working directory, Celery
    in-process, Redis pointed at a closed port to show it is not needed."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(REDIS_URL="redis://127.0.0.1:1/0", PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "rundemo", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{base}/dang-nhap/", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail("rundemo did not serve:\n" + (server.stdout.read() or ""))
                time.sleep(1)
        for username, expected in DASHBOARDS.items():  # every role, and every link its dashboard offers
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            login_page = opener.open(f"{base}/dang-nhap/").read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
            data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD}
            ).encode()
            try:
                dashboard = opener.open(f"{base}/dang-nhap/", data=data).read().decode()
            except urllib.error.HTTPError as error:
                pytest.fail(f"{username}: the dashboard answered {error.code} on the embedded demo database")
            for text in expected:
                assert text in dashboard, f"{username}: {text!r} missing"
            for url in dict.fromkeys(re.findall(r'href="(/[^"#]*)"', dashboard)):
                if not url.startswith(("/static/", "/dang-xuat/", "/quan-tri/")):
                    try:
                        opener.open(base + url.replace("&amp;", "&")).read()
                    except urllib.error.HTTPError as error:
                        pytest.fail(f"{username}: {url} answered {error.code} on the embedded demo database")
        # the accent-insensitive searches, on the embedded database too (the last opener is the admin's)
        clusters = opener.open(f"{base}/cum-khoi/?q=bien+gioi&year=2023").read().decode()
        assert "Cụm thi đua các tỉnh miền núi biên giới phía Bắc" in clusters
        assert "Tỉnh Lạng Sơn" in opener.open(f"{base}/don-vi/?q=lang+son").read().decode()
        for query in ["lang+son", "nguyen+van", "co+thi+dua"]:
            opener.open(f"{base}/khen-thuong/da-khen/?q={query}").read()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "canbo.langson" in output  # the logins were printed
    assert (tmp_path / "demo.sqlite3").exists()
    assert (tmp_path / "demo-signing" / "signing.cert.pem").exists()  # the demo's PDFs are signed with its own key


def test_every_page_a_demo_user_can_reach_from_the_menu_renders_without_error(client, demo_output):
    """Follow the links of the demo as each role (two clicks deep from the dashboard): no page may fail, and no
    link the pages offer may lead to a forbidden page.
    (Files, PDFs and exports are left to their own tests: each takes seconds to produce.)"""
    link = re.compile(r'href="(/[^"#]*)"')
    skip = ("/static/", "/media/", "/dang-xuat/", "/quan-tri/", "/i18n/")
    files = re.compile(r"/(pdf|tai/\w+|giay-chung-nhan|xuat[^/]*|docx|xlsx|minh-chung/\d+|tai-lieu/\d+)/(\?.*)?$")
    for username in ["canbo.langson", "lanhdao.binhduong", "thamdinh.tw", "thamdinh.bentre", "admin"]:
        client.force_login(User.objects.get(username=username))
        seen, frontier = set(), ["/"]
        for _depth in range(3):
            found = []
            for url in frontier:
                if url in seen or len(seen) >= 60:
                    continue
                seen.add(url)
                response = client.get(url)
                assert response.status_code in (200, 302), f"{username}: {url} answered {response.status_code}"
                if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                    found += [u.replace("&amp;", "&") for u in link.findall(response.content.decode())]
            frontier = [u for u in dict.fromkeys(found) if not u.startswith(skip) and not files.search(u)]
        assert len(seen) > 20, f"{username} reached only {len(seen)} pages"
