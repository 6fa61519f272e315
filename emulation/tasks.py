"""Celery tasks of the yearly cycle. Tasks only call services.

The task names (module path and function name) are what the queue and Celery beat know them by
(config/settings.py CELERY_BEAT_SCHEDULE): keep them.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from clusters.jobs import JOB_TASK_OPTIONS
from clusters.models import EmulationGroup, User

from .models import Pledge, SelfAssessment
from .services.reminders import assessment_leaders_notify, members_remind
from .services.reports import REPORTS, report_compile, reports_requeue_unqueued
from .services.signing import pledge_remind_unsigned
from .services.statistics import STATS, stat_compile, stats_requeue_unqueued


@shared_task
def remind_pledge_signers(pledge_id: int, actor_id: int | None = None, base_url: str = "") -> int:
    """E-mail the member units that have not signed the pledge yet; returns the number of e-mails sent."""
    pledge = Pledge.objects.get(pk=pledge_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return pledge_remind_unsigned(actor=actor, pledge=pledge, base_url=base_url or getattr(settings, "SITE_URL", ""))


@shared_task
def remind_members(group_id: int, year: int, task: str, actor_id: int | None = None, base_url: str = "") -> int:
    """E-mail the leaders of the member units that have not done `task` (sign, self-assess, vote)."""
    group = EmulationGroup.objects.get(pk=group_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return members_remind(
        actor=actor, group=group, year=year, task=task, base_url=base_url or getattr(settings, "SITE_URL", "")
    )


@shared_task
def notify_assessment_leaders(assessment_id: int, actor_id: int | None = None, base_url: str = "") -> int:
    """E-mail a unit's leaders that its self-assessment is complete and waits for them to send it."""
    assessment = SelfAssessment.objects.get(pk=assessment_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return assessment_leaders_notify(
        actor=actor, assessment=assessment, base_url=base_url or getattr(settings, "SITE_URL", "")
    )


# --- Year-end reports: background jobs (clusters.jobs) ---------------------------------------------------
@shared_task(**JOB_TASK_OPTIONS, max_retries=4)
def compile_report(self, report_id: int) -> str:
    """Compile a year-end summary report (DOCX, XLSX, PDF). Retried with backoff on any failure; a run
    after success does nothing, so redelivery after a lost worker is harmless."""
    return REPORTS.run(self, job_id=report_id, work=lambda: report_compile(report_id=report_id))


@shared_task
def requeue_unqueued_reports() -> int:
    """Celery beat, every minute: queue the report requests kept while the queue was down."""
    return reports_requeue_unqueued()


# --- Statutory statistics (biểu 0601–0605): background jobs (clusters.jobs) --------------------------------
@shared_task(**JOB_TASK_OPTIONS, max_retries=4)
def compile_statistics(self, run_id: int) -> str:
    """Compile a statutory statistics form (cells, XLSX, PDF). A run after success does nothing."""
    return STATS.run(self, job_id=run_id, work=lambda: stat_compile(run_id=run_id))


@shared_task
def requeue_unqueued_statistics() -> int:
    """Celery beat, every minute: queue the statistics compiles kept while the queue was down."""
    return stats_requeue_unqueued()
