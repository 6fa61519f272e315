"""The Redis cache backend (config/cache.py): Django's, with one redis-py client per connection pool."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings

from config.cache import RedisCache


@pytest.fixture
def cache():
    backend = RedisCache(
        "redis://127.0.0.1:6379/9", {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}", "OPTIONS": {"socket_timeout": 2}}
    )
    yield backend
    backend.clear()


def test_values_kept_in_redis_come_back_and_expire_like_with_djangos_backend(cache):
    cache.set("page", ([("Content-Type", "text/html")], b"<p>Tr\xe1\xbb\x8dng</p>"), 60)
    assert cache.get("page") == ([("Content-Type", "text/html")], b"<p>Tr\xe1\xbb\x8dng</p>")
    assert cache.add("version", 1, None) and not cache.add("version", 2, None)
    assert cache.incr("version") == 2
    cache.set("gone", 1, 0)
    assert cache.get("gone") is None and cache.get("missing", "default") == "default"
    cache.delete("page")
    assert cache.get("page") is None


def test_a_hundred_cache_operations_build_one_redis_client_not_a_hundred(cache, monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)
    for number in range(50):
        cache.set(f"key-{number}", number, 60)
        assert cache.get(f"key-{number}") == number
    assert len(built) == 1


def test_a_redis_cache_url_gets_this_backend_and_a_local_one_stays_djangos():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    backends = {}
    for url in ("rediscache://127.0.0.1:6379/1", "locmemcache://"):
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=settings.BASE_DIR,
            env={"DJANGO_SETTINGS_MODULE": "config.settings", "CACHE_URL": url, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        backends[url] = result.stdout.strip()
    assert backends == {
        "rediscache://127.0.0.1:6379/1": "config.cache.RedisCache",
        "locmemcache://": "django.core.cache.backends.locmem.LocMemCache",
    }
