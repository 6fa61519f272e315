"""The project's own Celery tasks (config/tasks.py): found by Celery's autodiscovery and scheduled for beat."""

from __future__ import annotations

from config.celery import app


def test_autodiscovery_finds_the_projects_tasks():
    app.loader.import_default_modules()
    assert "config.tasks.clear_expired_sessions" in app.tasks


def test_expired_sessions_are_cleared_daily_by_celery_beat(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["config.tasks.clear_expired_sessions"] == 24 * 60 * 60
