"""Celery tasks of the yearly cycle. Tasks only call services.

Pledge reminders come first; the year-end report tasks are appended in their
marked section at the end of this file.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from clusters.models import User


@shared_task
def remind_pledge_signers(pledge_id: int, actor_id: int | None = None, base_url: str = "") -> int:
    """E-mail the member units that have not signed the pledge yet; returns the number of e-mails sent."""
    from .models import Pledge
    from .services.signing import pledge_remind_unsigned

    pledge = Pledge.objects.get(pk=pledge_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return pledge_remind_unsigned(actor=actor, pledge=pledge, base_url=base_url or getattr(settings, "SITE_URL", ""))


# === Year-end reports (issue 4) — appended below this line =========================================


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=False,
    max_retries=4,
    acks_late=True,
    reject_on_worker_lost=True,
)
def compile_report(self, report_id: int) -> str:
    """Compile a year-end summary report (DOCX, XLSX, PDF). Retried with backoff on any failure; a run
    after success does nothing, so redelivery after a lost worker is harmless."""
    from .services.reports import report_compile, report_failed

    try:
        report = report_compile(report_id=report_id)
    except Exception as error:
        report_failed(
            report_id=report_id,
            error=f"{type(error).__name__}: {error}",
            final=self.request.retries >= self.max_retries,
        )
        raise
    return report.status


@shared_task
def requeue_unqueued_reports() -> int:
    """Celery beat, every minute: queue the report requests kept while the queue was down."""
    from .services.reports import reports_requeue_unqueued

    return reports_requeue_unqueued()


@shared_task
def clear_expired_sessions() -> None:
    """Celery beat, daily: delete expired sessions (they are kept in PostgreSQL)."""
    from django.core.management import call_command

    call_command("clearsessions")
