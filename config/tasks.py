"""Celery tasks of the project as a whole (config is an installed app, so Celery's autodiscovery finds them).

The task names are what Celery beat knows them by (config/settings.py CELERY_BEAT_SCHEDULE): keep them.
"""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions() -> None:
    """Celery beat, daily: delete expired sessions (they are kept in PostgreSQL)."""
    call_command("clearsessions")


@shared_task
def prune_page_cache_writes() -> int:
    """Celery beat, hourly: forget the page cache's logged writes but the newest (config.pagecache)."""
    from django.db import connection

    from .pagecache import prune_write_log

    return prune_write_log(connection)
