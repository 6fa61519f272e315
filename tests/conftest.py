"""Test set-up: real PostgreSQL and Redis, plain-HTTP test server, Playwright on Debian's chromium."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings

from tests import factories

# Playwright's sync API runs an event loop in the main thread; Django's async-safety
# check would otherwise refuse ORM calls made by fixtures in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _redis_db_per_xdist_worker() -> None:
    """Under pytest-xdist (.ci/run: `-n auto`, two workers on two cores), worker gwN uses Redis db (REDIS_URL's db
    + N) for the broker, the Celery worker processes the tests start and their purges: two workers on one db would
    take each other's tasks. The environment changes too, so every subprocess (Celery worker, gunicorn) inherits it;
    tests that start private services pass their own REDIS_URL and are left alone. The database is per worker
    already (pytest-django adds the _gwN suffix); live servers and private services take free ports."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or int(worker[2:]) == 0:
        return
    shared = django_settings.REDIS_URL
    parsed = urlparse(shared)
    url = parsed._replace(path=f"/{(int(parsed.path.strip('/') or 0) + int(worker[2:])) % 16}").geturl()
    os.environ["REDIS_URL"] = django_settings.REDIS_URL = url
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):  # derived from REDIS_URL unless set apart
        if getattr(django_settings, name) == shared:
            setattr(django_settings, name, url)
            if name in os.environ:
                os.environ[name] = url

    from config.celery import app as celery_app

    celery_app.conf.update(
        broker_url=django_settings.CELERY_BROKER_URL, result_backend=django_settings.CELERY_RESULT_BACKEND
    )


_redis_db_per_xdist_worker()


def pytest_sessionstart(session):
    """Fail fast, with a clear message, when the real services are missing."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        engine = database["ENGINE"]
        pytest.exit(f"Tests run on PostgreSQL only: set DATABASE_URL=postgres://… (got {engine}).", 2)
    db_url = f"postgres://{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}"
    if not _reachable(db_url, 5432):
        pytest.exit(
            f"PostgreSQL is not reachable at {db_url}. Start it: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
            2,
        )
    if not _reachable(django_settings.REDIS_URL, 6379):
        pytest.exit(
            f"Redis is not reachable at {django_settings.REDIS_URL}. Start it: "
            'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
            2,
        )


#: Seconds each module took on 2 busy cores (tests/module_seconds.json, from --junitxml); a module not listed counts
#: 0.2 s a test, or 20 s a test that drives a browser, a Celery worker or a fault.
MODULE_SECONDS = Path(__file__).with_name("module_seconds.json")
SLOW_MARKERS = {"browser", "celery_worker", "faults"}


def pytest_itemcollected(item):
    """A test that drives the browser is a `browser` test, marked or not: .ci/run runs those apart (see there)."""
    if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
        item.add_marker(pytest.mark.browser)


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (.ci/run: --dist loadfile --no-loadscope-reorder) the modules go out longest first, each
    kept whole and in its own order, so the last ones to start are short and both workers finish together (in
    collection order, the demo and benchmark commands' minutes-long modules came last and one worker idled)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    import json

    known = json.loads(MODULE_SECONDS.read_text()) if MODULE_SECONDS.exists() else {}
    modules: dict[str, list] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def cost(module: str) -> float:
        if module in known:
            return known[module]
        return sum(20 if SLOW_MARKERS & {m.name for m in item.iter_markers()} else 0.2 for item in modules[module])

    items[:] = [item for module in sorted(modules, key=lambda m: -cost(m)) for item in modules[module]]


@pytest.fixture(scope="session", autouse=True)
def _plain_http_before_the_live_server_starts():
    """The live server is session-scoped: its SecurityMiddleware reads SECURE_SSL_REDIRECT once,
    before the per-test settings below apply, and would redirect the browser to HTTPS."""
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        # a fast hasher: the production one costs ~0.3 s per login/sign, hundreds of times per run
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@dataclass(frozen=True)
class SigningWorld:
    """The keys the tests sign PDFs with: the system's own (self-signed, trusted), a leader's token certificate
    issued by a trusted test root (as the government CA's), and one issued by a CA nobody trusts."""

    directory: Path
    token: tuple  # (key path, certificate path, chain paths)
    untrusted: tuple


@pytest.fixture(scope="session", autouse=True)
def signing_world(tmp_path_factory):
    """Every test runs with the system's PDF signing key configured, as a deployment does (clusters/signatures.py)."""
    from django.test import override_settings

    from clusters.signatures import write_key_pair

    directory = tmp_path_factory.mktemp("signing")
    system_key, system_cert, _, _ = write_key_pair(directory, common_name="Hệ thống Thi đua (kiểm thử)")
    root_key_path, root_cert, root_key, root = write_key_pair(
        directory, common_name="CA gốc thử nghiệm (vai Ban Cơ yếu Chính phủ)", stem="root", ca=True
    )
    token_key, token_cert, _, _ = write_key_pair(
        directory, common_name="Nguyễn Văn Lãnh Đạo", stem="token", issuer=(root_key, root)
    )
    stranger_key_path, stranger_root_cert, stranger_key, stranger = write_key_pair(
        directory, common_name="CA không được tin cậy", stem="stranger-root", ca=True
    )
    forged_key, forged_cert, _, _ = write_key_pair(
        directory, common_name="Người ký lạ", stem="forged", issuer=(stranger_key, stranger)
    )
    with override_settings(
        PADES_KEY_FILE=str(system_key),
        PADES_CERT_FILE=str(system_cert),
        PADES_CHAIN_FILES=[],
        PADES_TRUST_ROOTS=[str(system_cert), str(root_cert)],
    ):
        yield SigningWorld(
            directory=directory,
            token=(token_key, token_cert, (root_cert,)),
            untrusted=(forged_key, forged_cert, (stranger_root_cert,)),
        )


@pytest.fixture(autouse=True)
def _plain_http_test_settings(settings, tmp_path):
    """The test server speaks plain HTTP; everything else keeps its production value."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _page_cache_only_where_writes_commit(request, settings):
    """The page cache (config/pagecache.py) keys pages by the database snapshot, which changes when a write
    commits. A test on the `db` fixture runs in one transaction that never commits, so its writes between two
    requests would not show: the cache is off there. Tests whose writes commit (transactional_db, live_server,
    gunicorn in subprocesses) run with it on, as in production."""
    marker = request.node.get_closest_marker("django_db")
    committing = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not committing:
        settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _vietnamese_by_default(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a test's rows are rolled back, never committed, so what the
    app cached from them (awards.cache: fairness figures, search matches) is not invalidated."""
    from django.core.cache import cache

    cache.clear()


# --- Browser tests -----------------------------------------------------------------------------
BROWSER_FIXTURES = {"page", "context", "new_context", "browser", "launch_browser", "browser_type", "playwright"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Playwright's sync API marks its event loop as running in the main thread for as long as the session's
    browser lives. In one process every browser test runs after the database tests (pytest-django's order), but an
    xdist worker runs whole modules, so a module after a browser module found that loop: asyncio.run() (pyHanko signs
    through it) refused to start, and Django kept that test's connections apart (asgiref's per-task storage). A test
    that does not drive the browser runs, from its set-up to its teardown, without the mark, as it does in one
    process; the browser's loop gets it back afterwards (and keeps it for the last test's session teardown)."""
    import asyncio

    loop = asyncio._get_running_loop()
    if loop is None or nextitem is None or BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
        return (yield)
    asyncio._set_running_loop(None)
    try:
        return (yield)
    finally:
        asyncio._set_running_loop(loop)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def login_in_browser(live_server):
    """Log `user` in through the real login form; returns the page on the dashboard."""

    def _login(page, user, password=factories.PASSWORD):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("main input[name=username]", user.username)
        page.fill("main input[name=password]", password)
        # the navbar's language switch buttons are submit buttons too: target the login form
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture
def login(client):
    """Log `user` in on the Django test client."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
