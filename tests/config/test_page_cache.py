"""The page cache (config/pagecache.py): a signed-in user's page seen again with nothing written since comes
from the cache; any committed write, by anyone and by any means, shows on the next view; nobody gets a page
that is not theirs. Writes here commit (transactional_db), as they do in production."""

from __future__ import annotations

import re
import subprocess
import time
import uuid

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Proposal
from clusters.models import Unit
from config import pagecache
from tests.factories import StaffFactory, UnitFactory, award_type, make_award_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def _seen(client: Client, path: str, times: int = 3):
    """Open `path` `times` times (the first sets the CSRF cookie a browser gets from the login page, the second
    is kept); returns the last answer."""
    for _ in range(times):
        response = client.get(path)
        assert response.status_code == 200
    return response


def _kept(client: Client, path: str):
    """Open `path` three times: the first sets the CSRF cookie a browser gets from the login page (not kept), the
    second is rendered and kept, the third must come from the page cache. Returns that answer, the queries it
    took and the rendered answer it repeats. Other databases on the same PostgreSQL server (other test runs
    among them) writing meanwhile do not matter: only this database's writes move the key."""
    client.get(path)
    rendered = client.get(path)
    assert rendered.status_code == 200 and rendered[pagecache.HIT_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert response[pagecache.HIT_HEADER] == "hit", "then served from the cache"
    return response, queries, rendered


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _unit_page(name="Tỉnh Lạng Sơn"):
    unit = UnitFactory(name=name, short_name=name.removeprefix("Tỉnh "))
    return unit, _signed_in(StaffFactory(unit=unit)), reverse("clusters:unit_detail", args=[unit.pk])


def test_a_page_seen_again_with_nothing_written_in_between_comes_from_the_cache_with_one_query():
    unit, client, path = _unit_page()
    again, queries, rendered = _kept(client, path)
    assert again.content == rendered.content and "Tỉnh Lạng Sơn" in again.content.decode()
    assert len(queries) == 1, "only the session check (with the write position)"


def test_a_rendered_page_that_was_kept_says_miss_so_operators_can_count_hits_in_their_logs():
    unit, client, path = _unit_page()
    client.get(path)  # sets the CSRF cookie: that answer sets a cookie and is not kept
    answers = [client.get(path)[pagecache.HIT_HEADER] for _ in range(20)]
    assert answers[0] == "miss", "rendered and kept"
    assert "hit" in answers, "then served from the cache"
    first_hit = answers.index("hit")
    assert set(answers[:first_hit]) == {"miss"}, "every view before it was rendered (another database's commit)"


def test_upgrading_an_installed_package_changes_the_release_the_pages_are_kept_under(monkeypatch):
    class Dist:
        def __init__(self, name, version):
            self.metadata, self.version = {"Name": name}, version

    def fingerprint(django_version):
        monkeypatch.setattr(pagecache, "_release", None)
        monkeypatch.setattr(pagecache.metadata, "distributions", lambda: [Dist("Django", django_version)])
        return pagecache.release()

    assert fingerprint("5.2.8") == fingerprint("5.2.8")
    assert fingerprint("5.2.8") != fingerprint("5.2.9")


def test_a_page_from_the_cache_keeps_the_security_headers():
    unit, client, path = _unit_page()
    again, _queries, _rendered = _kept(client, path)
    assert "default-src 'self'" in again["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY"
    assert again["Content-Type"] == "text/html; charset=utf-8"


def _rename_with_orm(unit):
    unit.name = "Tỉnh Lạng Sơn (mới)"
    unit.save()


def _rename_with_update(unit):
    Unit.objects.filter(pk=unit.pk).update(name="Tỉnh Lạng Sơn (mới)")  # no signal is sent


def _rename_with_sql(unit):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE clusters_unit SET name = %s WHERE id = %s", ["Tỉnh Lạng Sơn (mới)", unit.pk])


def _rename_from_psql(unit):
    db = connection.settings_dict
    subprocess.run(
        ["psql", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres",
         "-d", db["NAME"], "-v", "ON_ERROR_STOP=1", "-c",
         f"UPDATE clusters_unit SET name = 'Tỉnh Lạng Sơn (mới)' WHERE id = {unit.pk}"],
        check=True, capture_output=True, env={"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


@pytest.mark.parametrize(
    "rename",
    [_rename_with_orm, _rename_with_update, _rename_with_sql, _rename_from_psql],
    ids=["model save", "queryset update", "raw SQL", "psql in another process"],
)
def test_a_change_committed_by_any_means_shows_on_the_next_view(rename):
    unit, client, path = _unit_page()
    _kept(client, path)
    rename(unit)
    after = client.get(path)
    assert after.status_code == 200
    assert "Tỉnh Lạng Sơn (mới)" in after.content.decode()
    assert after[pagecache.HIT_HEADER] == "miss", "rendered again, and kept"


def test_a_proposal_drafted_through_the_form_shows_in_the_kept_list_it_returns_to():
    world = make_award_world()
    client = _signed_in(world.staff)
    proposals = reverse("awards:proposal_list")
    _kept(client, proposals)
    response = client.post(
        reverse("awards:proposal_create"),
        {
            "award_type": award_type("CO_THI_DUA_CHINH_PHU").pk, "year": 2023, "nominee_unit": world.lang_son.pk,
            "kind": "annual", "source_group": world.cluster.pk, "proposal_date": "2024-03-05",
            "achievements": "Dẫn đầu cụm.", "discipline_free": "unknown",
        },
    )  # fmt: skip
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert reverse("awards:proposal_detail", args=[proposal.pk]) in client.get(proposals).content.decode()


def test_each_session_gets_its_own_page_of_the_same_address():
    lang_son, cao_bang = UnitFactory(name="Tỉnh Lạng Sơn"), UnitFactory(name="Tỉnh Cao Bằng")
    first = _signed_in(StaffFactory(unit=lang_son, full_name="Nguyễn Văn An"))
    second = _signed_in(StaffFactory(unit=cao_bang, full_name="Trần Thị Bình"))
    _kept(first, "/")
    second.cookies["csrftoken"] = first.cookies["csrftoken"].value  # only the session tells them apart
    page = _seen(second, "/").content.decode()
    assert "Trần Thị Bình" in page and "Cao Bằng" in page
    assert "Nguyễn Văn An" not in page


def test_an_expired_session_gets_the_login_page_not_the_kept_one():
    unit, client, path = _unit_page()
    session = client.session
    session.set_expiry(5)
    session.save()
    started = time.monotonic()
    _kept(client, path)
    assert time.monotonic() - started < 4.5, "the machine is too slow for this test's timing"
    time.sleep(max(0.0, started + 5.5 - time.monotonic()))  # nothing written meanwhile
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_signed_out_session_cookie_gets_the_login_page():
    unit, client, path = _unit_page()
    _kept(client, path)
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = old_cookie
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_flash_message_shows_once_on_a_kept_page_and_is_not_kept_with_it():
    world = make_award_world()
    client = _signed_in(world.reviewer)
    queue = reverse("awards:review_queue")
    _kept(client, queue)
    # nothing selected: a warning, and nothing written
    response = client.post(reverse("awards:bulk_approve"), {}, follow=True)
    assert "Chưa chọn đề nghị nào." in response.content.decode()
    assert "Chưa chọn đề nghị nào." not in _seen(client, queue).content.decode()


def test_the_english_page_is_kept_apart_from_the_vietnamese_one():
    unit, client, path = _unit_page()
    assert "Tổng kết" in _seen(client, path).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": path})
    english = _seen(client, path).content.decode()
    assert "Year end" in english and "Tổng kết" not in english
    client.post(reverse("set_language"), {"language": "vi", "next": path})
    assert "Tổng kết" in client.get(path).content.decode()


def test_the_csrf_token_of_a_kept_page_is_accepted():
    world = make_award_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.reviewer)
    kept, _queries, _rendered = _kept(client, reverse("awards:review_queue"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode()).group(1)
    response = client.post(reverse("awards:bulk_approve"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_answers_that_are_not_pages_are_not_kept():
    unit, client, path = _unit_page()
    for _ in range(3):
        health = client.get(reverse("health"))
    assert health.status_code == 200 and pagecache.HIT_HEADER not in health
    for _ in range(3):
        missing = client.get("/don-vi/999999999/")
    assert missing.status_code == 404 and pagecache.HIT_HEADER not in missing


def test_without_a_reachable_cache_pages_are_served_as_without_it(settings, monkeypatch):
    monkeypatch.setattr(pagecache, "_unavailable_until", 0.0)
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.PAGE_CACHE_ALIAS = "unreachable"
    unit, client, path = _unit_page()
    started = time.monotonic()
    page = _seen(client, path)
    assert "Tỉnh Lạng Sơn" in page.content.decode() and pagecache.HIT_HEADER not in page
    assert time.monotonic() - started < 3
    assert pagecache._unavailable_until > time.monotonic(), "the cache is left alone for a while"


@pytest.fixture
def other_database():
    """Another database on the same PostgreSQL server, as other boards' or other test runs' are; dropped after."""
    db = connection.settings_dict
    name = f"{db['NAME']}_other_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"] or "postgres"}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dbname=name, autocommit=True, **params) as other:
            other.execute("CREATE TABLE busy (n integer)")
            yield other
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_writes_in_another_database_on_the_same_server_do_not_push_pages_out(other_database):
    unit, client, path = _unit_page()
    client.get(path)
    assert client.get(path)[pagecache.HIT_HEADER] == "miss"
    for n in range(5):  # committed writes elsewhere move the server-wide snapshot, not this database's position
        other_database.execute("INSERT INTO busy VALUES (%s)", [n])
    assert client.get(path)[pagecache.HIT_HEADER] == "hit"
    with other_database.transaction():  # and one still running elsewhere
        other_database.execute("INSERT INTO busy VALUES (99)")
        assert client.get(path)[pagecache.HIT_HEADER] == "hit"


def test_a_write_still_running_here_keeps_pages_from_being_served_until_and_after_it_commits():
    unit, client, path = _unit_page()
    _kept(client, path)
    db = connection.settings_dict
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"] or "postgres"}
    with psycopg.connect(dbname=db["NAME"], **params) as writer:
        writer.execute("UPDATE clusters_unit SET name = 'Tỉnh Lạng Sơn (mới)' WHERE id = %s", [unit.pk])
        during = client.get(path)
        assert during[pagecache.HIT_HEADER] == "miss" and "Tỉnh Lạng Sơn (mới)" not in during.content.decode()
        writer.commit()
    after = client.get(path)
    assert after[pagecache.HIT_HEADER] == "miss" and "Tỉnh Lạng Sơn (mới)" in after.content.decode()


def test_every_table_of_the_app_is_tracked_after_migrate_and_the_log_is_pruned():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = 'pagecache_touch'"
        )
        tracked = {row[0] for row in cursor.fetchall()}
    for table in ("clusters_unit", "awards_proposal", "awards_awardrecord", "emulation_pledge", "clusters_auditevent"):
        assert table in tracked
    assert not tracked & {"django_session", "django_migrations", "pagecache_write"}
    Unit.objects.filter(pk=UnitFactory().pk).update(name="Một")
    Unit.objects.filter(pk=UnitFactory().pk).update(name="Hai")
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(xid)::text FROM pagecache_write")
        newest = cursor.fetchone()[0]
    assert pagecache.prune_write_log(connection) >= 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT xid::text FROM pagecache_write")
        assert [row[0] for row in cursor.fetchall()] == [newest]
