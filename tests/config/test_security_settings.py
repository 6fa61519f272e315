"""Production settings: `check --deploy` clean, HTTPS only, secure cookies, HSTS, a content security
policy on every page, CSRF enforced, and a throttled login.

The test settings (conftest) relax HTTPS for the plain-HTTP test server, so the production values
are read in a separate process started with a production environment: DEBUG off, a real secret
key, the deployment's host name.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, StaffFactory

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "thidua.example.gov.vn"


def _production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "AXES_ENABLED",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest for Playwright; never in a deployment
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua"),
        STATIC_MANIFEST="false",  # no collectstatic in the test run; templates still resolve {% static %}
        CACHE_URL="rediscache://127.0.0.1:6379/1",  # as docker-compose.yml: one cache for every process
        CELERY_TASK_ALWAYS_EAGER=None,
        # the system's PDF signing key, as docker-compose.yml mounts it (tests/conftest.py's signing_world)
        PADES_KEY_FILE=settings.PADES_KEY_FILE,
        PADES_CERT_FILE=settings.PADES_CERT_FILE,
        PADES_TRUST_ROOTS=",".join(settings.PADES_TRUST_ROOTS),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_a_deployment_that_forgot_its_secret_key():
    """The check above can fail: without SECRET_KEY the development fallback is flagged."""
    env = _production_env()
    env.pop("SECRET_KEY")
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"CACHE_URL": None}, "thidua.W001"),  # each process its own cache: one would not see another's writes
        ({"CACHE_URL": "locmemcache://"}, "thidua.W001"),
        ({"CELERY_TASK_ALWAYS_EAGER": "true"}, "thidua.W002"),  # reports compiled inside web requests
        ({"PADES_KEY_FILE": None}, "thidua.W003"),  # issued PDFs would go out without the system's signature
        ({"PADES_TRUST_ROOTS": "/nonexistent/root.pem"}, "thidua.W004"),
    ],
)
def test_check_deploy_flags_a_cache_private_to_each_process_and_eager_tasks(overrides, check_id):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(**overrides))
    assert result.returncode != 0
    assert check_id in result.stdout + result.stderr


PROBE = r"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

out = {"settings": {name: getattr(settings, name, None) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS",
    "AXES_ENABLED", "AXES_FAILURE_LIMIT", "SECURE_PROXY_SSL_HEADER",
]}}
client = Client(HTTP_HOST="%(host)s", enforce_csrf_checks=True)
plain = client.get("/dang-nhap/")
out["plain"] = {"status": plain.status_code, "location": plain.get("Location", "")}
page = client.get("/dang-nhap/", secure=True)
out["page"] = {"status": page.status_code, "headers": dict(page.headers)}
out["csrf_cookie"] = {k: v for k, v in page.cookies["csrftoken"].items()} if "csrftoken" in page.cookies else None
forged = client.post("/dang-nhap/", {"username": "x", "password": "y"}, secure=True)
out["forged_post"] = forged.status_code
print("PROBE" + json.dumps(out, default=str))
"""


@pytest.fixture(scope="module")
def production():
    """What a production process answers: its settings and the login page's response."""
    result = _run(["-c", PROBE % {"host": HOST}], _production_env())
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE"))
    return json.loads(line[len("PROBE") :])


def test_production_sends_plain_http_to_https(production):
    assert production["settings"]["SECURE_SSL_REDIRECT"] is True
    assert production["plain"]["status"] == 301
    assert production["plain"]["location"] == f"https://{HOST}/dang-nhap/"


def test_production_cookies_are_secure_and_the_session_cookie_is_out_of_scripts_reach(production):
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    cookie = production["csrf_cookie"]
    assert cookie is not None and cookie["secure"] is True and cookie["samesite"] == "Lax"


def test_production_pages_carry_hsts_and_the_other_security_headers(production):
    assert production["settings"]["SECURE_HSTS_SECONDS"] >= 31536000
    headers = production["page"]["headers"]
    assert production["page"]["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_pages_carry_a_content_security_policy_without_inline_script(production):
    policy = production["page"]["headers"]["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_production_refuses_a_post_without_its_csrf_token(production):
    assert production["forged_post"] == 403


def test_no_template_holds_an_inline_script_or_event_handler_the_policy_would_block():
    """With script-src 'self', inline code would be dead (and a sign of unsafe markup)."""
    import re

    offenders = []
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.relative_to(BASE_DIR)}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(BASE_DIR)}: {match.group(0).strip()}")
    assert offenders == []


def test_no_template_or_module_switches_autoescaping_off():
    """`|safe`, `mark_safe` and `{% autoescape off %}` would let user text through as HTML."""
    import re

    pattern = re.compile(r"\|\s*safe\b|mark_safe|autoescape\s+off|SafeString|\|\s*safeseq")
    offenders = []
    for folder in ("templates", "config", "clusters", "emulation", "awards"):
        for path in (BASE_DIR / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".txt"} and "migrations" not in path.parts:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if pattern.search(line):
                        offenders.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")
    assert offenders == []


# --- In-process, with the production cookie flags put back ------------------------------------------
@pytest.mark.django_db
def test_the_session_cookie_set_at_login_is_secure_and_http_only(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    user = StaffFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_every_html_response_carries_the_content_security_policy(client):
    user = StaffFactory()
    client.force_login(user)
    for url in [
        reverse("login"),
        reverse("dashboard"),
        reverse("clusters:group_list"),
        reverse("awards:proposal_list"),
    ]:
        response = client.get(url)
        assert "default-src 'self'" in response["Content-Security-Policy"], url


@pytest.mark.django_db
def test_guessing_the_signing_password_locks_the_account_out_of_logging_in_too(client):
    """The pledge page re-asks the password through django-axes: guesses there count as failures."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    user = StaffFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        request = RequestFactory().post("/giao-uoc/1/ky/")
        assert authenticate(request, username=user.username, password="doan-mat-khau") is None
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản đã nhập sai mật khẩu quá nhiều lần" in response.content.decode()
