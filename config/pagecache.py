"""Whole pages kept for the session that saw them, until anything in the database changes.

A signed-in user who opens a page they opened a moment ago, with nothing written to the database in between,
gets the same HTML from the cache (Redis) instead of PostgreSQL queries and template rendering. The key is:

- this database's write position, read before the view reads anything: the newest committed transaction that
  wrote to one of the app's tables (each table has a statement trigger, installed after every `migrate`, that
  logs the writing transaction's id in `pagecache_write`), and the ids of this database's transactions still
  writing (`pg_stat_activity.backend_xid`). Every transaction that writes, whatever wrote it (a page, a Celery
  task, a management command, the admin, a bulk load, raw SQL, psql), changes it once it commits: while it runs
  its id is in the running list, once committed it is gone from that list and the newest id is at least its
  own. So a page rendered before a write is never found under the position that follows it. A transaction that
  only reads changes nothing, so pages stay cached while everybody only reads. Other databases on the same
  PostgreSQL server do not count (a server-wide snapshot, `pg_current_snapshot()`, moved with every commit in
  any of them: on a shared server pages were rarely kept). Sessions, migrations and login attempts are not
  tracked: the session is checked on its own (below) and the others are not on any page;
- the session (its key, checked in the same query to exist, not to have expired and to belong to a signed-in
  user) and its CSRF cookie: one user never gets another's page, a signed-out session gets none, and the
  forms' CSRF tokens stay valid;
- the chosen language (and the one offered to a browser that prefers another), the host and scheme, the path
  with its query string, today's date (deadlines), and the code's release (templates, translations, code and
  static files), so a deployment shows the new pages.

Nothing is kept: for anything but GET, without a signed-in session, when flash messages are waiting or were
added, for answers other than 200 text/html, for answers that set a cookie (except the CSRF cookie renewed
with the same value) or say no-store, or larger than PAGE_CACHE_MAX_BYTES. Every kept page expires after
PAGE_CACHE_SECONDS (60; 0 turns the cache off): the bound for what the database does not hold (the clock,
the awards figures cached for up to a minute of their own, files on disk).

The cache down or frozen: pages are served as without it, and the cache is left alone for
PAGE_CACHE_RETRY_SECONDS. The database only: on anything but PostgreSQL with sessions in the database (the
SQLite demo) the middleware does nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import zlib
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.utils import timezone

from .i18n import language_of, offered_language

logger = logging.getLogger(__name__)

DB_SESSIONS = "django.contrib.sessions.backends.db"
#: What the view's messages storage keeps in the session (FallbackStorage's overflow).
SESSION_MESSAGES = "_messages"
#: "hit": served from the cache; "miss": rendered and kept (absent: not a page the cache keeps). Operators can log
#: it (gunicorn: --access-logformat with %({x-page-cache}o)s) to see how often pages come from the cache.
HIT_HEADER = "X-Page-Cache"
#: The table of the transactions that wrote, and the tables whose writes are not tracked.
WRITES_TABLE = "pagecache_write"
UNTRACKED = {WRITES_TABLE, "django_session", "django_migrations"}
UNTRACKED_PREFIXES = ("axes\\_",)  # LIKE patterns
_SESSION_QUERY = (
    f"SELECT session_data, "  # noqa: S608 (constants)
    f"(SELECT max(xid)::text FROM {WRITES_TABLE}) || ':' || coalesce((SELECT string_agg(backend_xid::text, ',' "
    "ORDER BY backend_xid::text) FROM pg_stat_activity WHERE datname = current_database() "
    "AND backend_xid IS NOT NULL), '') "
    f"FROM {Session._meta.db_table} WHERE session_key = %s AND expire_date > %s"
)

_TRACKING_FUNCTION = f"""
CREATE TABLE IF NOT EXISTS {WRITES_TABLE} (xid xid8 PRIMARY KEY);
CREATE OR REPLACE FUNCTION pagecache_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {WRITES_TABLE} (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
"""


def install_write_tracking(connection) -> None:
    """Log every writing transaction of this database's tables in `pagecache_write` (a statement trigger on
    each table of the schema but the untracked ones). Run after every `migrate` (config.apps), so new tables are
    tracked; idempotent, one round trip (tables already tracked are skipped). PostgreSQL only."""
    if connection.vendor != "postgresql":
        return
    untracked = ", ".join(f"'{name}'" for name in sorted(UNTRACKED))
    prefixes = " ".join(f"AND c.relname NOT LIKE '{prefix}%'" for prefix in UNTRACKED_PREFIXES)
    with connection.cursor() as cursor:
        cursor.execute(_TRACKING_FUNCTION)
        cursor.execute(
            f"""
            DO $$
            DECLARE t text;
            BEGIN
                FOR t IN
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                      AND c.relname NOT IN ({untracked}) {prefixes}
                      AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = c.oid AND tgname = 'pagecache_touch')
                LOOP
                    EXECUTE format('CREATE TRIGGER pagecache_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                                   'ON %I FOR EACH STATEMENT EXECUTE FUNCTION pagecache_touch()', t);
                END LOOP;
            END $$;
            """
        )


def prune_write_log(connection) -> int:
    """Forget the logged writes but the newest (the position only needs it); returns how many rows went."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WRITES_TABLE} WHERE xid < (SELECT max(xid) FROM {WRITES_TABLE})")  # noqa: S608
        return cursor.rowcount


_release: str | None = None
_unavailable_until = 0.0
#: What _cache_call returns when the cache could not be asked.
UNAVAILABLE = object()


def release() -> str:
    """A fingerprint of the deployed code: names, sizes and times of the files the pages are made of, the static
    files' manifest, and the name and version of every installed package (an upgrade of Django or crispy-forms
    changes the HTML with no change to our files)."""
    global _release
    if _release is None:
        base = Path(settings.BASE_DIR)
        digest = hashlib.sha256()
        folders = [base / name for name in ("templates", "locale", "config", "emulation", "clusters", "awards")]
        manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
        for folder in folders:
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    stat = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        if manifest.exists():
            digest.update(manifest.read_bytes())
        packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
        digest.update("\n".join(packages).encode())
        _release = digest.hexdigest()[:16]
    return _release


def enabled() -> bool:
    database = settings.DATABASES["default"]
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and settings.SESSION_ENGINE == DB_SESSIONS
        and database["ENGINE"] == "django.db.backends.postgresql"
    )


def _signed_in_position(session_key: str) -> str | None:
    """The database's write position, if `session_key` is a live session of a signed-in user with no messages
    waiting."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(_SESSION_QUERY, [session_key, timezone.now()])
            row = cursor.fetchone()
    except DatabaseError:  # the view will meet the same error and answer as it always does
        return None
    if row is None:
        return None
    data = SessionStore().decode(row[0])
    if not data.get(SESSION_KEY) or data.get(SESSION_MESSAGES):
        return None
    return row[1]


def _key(request, session_key: str, position: str) -> str:
    parts = (
        release(),
        position,
        session_key,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        language_of(request),
        offered_language(request) or "",  # the notice offering the browser's language (config/i18n.py)
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        timezone.localdate().isoformat(),
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _cache_call(method: str, *args):
    """`cache.<method>(*args)`, or UNAVAILABLE while the cache is unreachable (then left alone for a while)."""
    global _unavailable_until
    if time.monotonic() < _unavailable_until:
        return UNAVAILABLE
    try:
        return getattr(_cache(), method)(*args)
    except Exception:  # Redis down or frozen: serve without the cache
        _unavailable_until = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
        logger.warning("page cache unavailable for %s s", settings.PAGE_CACHE_RETRY_SECONDS, exc_info=True)
        return UNAVAILABLE


def _keepable(request, response, session_key: str) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if "no-store" in response.get("Cache-Control", ""):
        return False
    if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
        return False
    csrf_cookie = settings.CSRF_COOKIE_NAME
    for name, morsel in response.cookies.items():
        if name != csrf_cookie or morsel.value != request.COOKIES.get(csrf_cookie):
            return False  # a new session, a new CSRF secret, a language switch...
    session = getattr(request, "session", None)
    if session is None or session.session_key != session_key:
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and storage._queued_messages)


def _from_cache(kept) -> HttpResponse:
    headers, compressed = kept
    response = HttpResponse(zlib.decompress(compressed))
    for name in list(response.headers):
        del response.headers[name]
    for name, value in headers:
        response.headers[name] = value
    response.headers[HIT_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Placed after SecurityMiddleware and WhiteNoise, before the session: a kept page skips the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not enabled():
            return self.get_response(request)
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key or CookieStorage.cookie_name in request.COOKIES:
            return self.get_response(request)
        position = _signed_in_position(session_key)
        if position is None:
            return self.get_response(request)
        key = _key(request, session_key, position)
        kept = _cache_call("get", key)
        if kept is not None and kept is not UNAVAILABLE:
            return _from_cache(kept)
        response = self.get_response(request)
        if _keepable(request, response, session_key):
            # compressed: a few KB a page instead of 4-40 (zlib level 1: ~0.2 ms to compress, ~0.05 to expand)
            kept = (list(response.items()), zlib.compress(response.content, 1))
            if _cache_call("set", key, kept, settings.PAGE_CACHE_SECONDS) is not UNAVAILABLE:
                response.headers[HIT_HEADER] = "miss"
        return response
