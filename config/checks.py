"""Deployment checks of the project's own (`manage.py check --deploy`), next to Django's security checks."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = ("LocMemCache", "DummyCache")


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """The fairness figures and search results are cached under a data version that a write bumps; every
    gunicorn and Celery process must see the same cache, or a process keeps showing what another changed."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(PROCESS_LOCAL_CACHES):
        return [
            Warning(
                f"The default cache ({backend.rsplit('.', 1)[-1]}) is private to each process.",
                hint="Set CACHE_URL to the Redis the processes share, e.g. rediscache://redis:6379/1.",
                id="thidua.W001",
            )
        ]
    return []


@register(deploy=True)
def celery_not_eager(app_configs, **kwargs):
    """Eager tasks run inside the web request: a year-end report would hold a gunicorn worker for its whole
    compile and never be retried. Only the self-contained demo (manage.py rundemo) runs them so."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return [
            Warning(
                "Celery tasks run eagerly, inside web requests.",
                hint="Unset CELERY_TASK_ALWAYS_EAGER and run a worker (docker-compose.yml's worker service).",
                id="thidua.W002",
            )
        ]
    return []


@register(deploy=True)
def pdf_signing_key(app_configs, **kwargs):
    """Without a key, sealed pledges, decisions and certificates go out as PDFs without the system's signature."""
    from pathlib import Path

    if not (settings.PADES_KEY_FILE and settings.PADES_CERT_FILE):
        return [
            Warning(
                "No PADES_KEY_FILE/PADES_CERT_FILE: issued PDFs carry no digital signature.",
                hint="Configure the key and certificate your CA issued (manage.py make_signing_key for tests only).",
                id="thidua.W003",
            )
        ]
    missing = [
        p
        for p in (settings.PADES_KEY_FILE, settings.PADES_CERT_FILE, *settings.PADES_TRUST_ROOTS)
        if not Path(p).is_file()
    ]
    if missing:
        return [Warning(f"PDF signing files not found: {', '.join(missing)}", id="thidua.W004")]
    return []
