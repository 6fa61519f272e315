"""Background jobs: work too long for a request (a report to compile, a large export to build), asked for on a
page, done by a Celery task, followed on the page.

A job is a row of a model built on the abstract `Job` (who asked, when, status, progress, errors); Celery only
carries the row's id (results are ignored: CELERY_TASK_IGNORE_RESULT). A `JobQueue` runs the life of one kind
of job; the app's services wrap it with their permission checks and the work itself::

    request ─> QUEUED ─(worker)─> RUNNING ─> DONE
                 │  ▲                │
                 │  └─ retried ──────┤ (automatic, with backoff: `JOB_TASK_OPTIONS`)
                 │                   └─> FAILED ─(retry by a user)─> QUEUED
                 └─ the queue (Redis) is down: the row is kept with `enqueue_error` and queued again by
                    Celery beat (`JobQueue.requeue_kept`) or when a user presses "Gửi lại" (`JobQueue.retry`)

- `request`: the job still queued or running for the same scope, or a new one (a second press runs it once);
- `submit`: queue a job just requested, or one the queue refused before; a job already queued is left alone;
- `enqueue`: hand the row to Celery; when the broker is unreachable say why in `enqueue_error`, keep the row;
- `requeue_kept` (beat), `retry` (a user): queue again, each audited (`<name>.requeue`, `<name>.retry`);
- in the task: `run` wraps the work; the work calls `start`, `progress`, then `finish` on its locked row;
  `run` calls `fail` when the work raises (queued again for the automatic retry, or failed for good).

Stale jobs. Every step of a job's life stamps `heartbeat_at` (queued, started, each progress). A job pending
with a heartbeat older than `settings.JOB_STALE_SECONDS` has lost its worker (SIGKILL, a lost machine) or its
message (Redis restarted empty): `recover_stale` (beat, and any new request of the same scope) queues it again
exactly once, under a new task id, so that the old message, should Redis hand it out again after its visibility
timeout, finds another id on the row and does nothing (`run`). A job found stale a second time fails with a
message asking for "Gửi lại"; a user's retry starts the count again.

Adopting it for a new kind of job: a model `class Export(Job)` (override `status` to name the states in the
app's own words, keep the values), a `JobQueue(model=Export, task="app.tasks.build_export", name="export",
unavailable=...)` in the app's services, a task `@shared_task(**JOB_TASK_OPTIONS, max_retries=3)` whose body is
`return EXPORTS.run(self, job_id=export_id, work=lambda: export_build(export_id=export_id))`, a beat entry
calling `EXPORTS.requeue_kept()`. A partial unique constraint on the pending rows of a scope (status queued or
running) makes `request` safe against two simultaneous presses.
"""

from __future__ import annotations

import datetime
import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError

from .models import User
from .services.audit import record_audit

__all__ = ["JOB_TASK_OPTIONS", "PENDING", "QUEUE_UNAVAILABLE", "Job", "JobQueue", "JobStatus", "in_official_language"]

logger = logging.getLogger(__name__)

#: Options of a Celery task that runs a job: retried with backoff on any failure, acknowledged only once done
#: (a worker killed mid-way leaves the message to another worker), one task at a time per worker process.
#: Add `max_retries` per task.
JOB_TASK_OPTIONS = {
    "bind": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": False,
    "acks_late": True,
    "reject_on_worker_lost": True,
}

#: Errors of sending a task when the broker is down or frozen (CELERY_BROKER_CONNECTION_TIMEOUT bounds the wait).
BROKER_ERRORS = (BrokerError, ConnectionError, OSError)

QUEUE_UNAVAILABLE = gettext_lazy(
    "Hàng đợi xử lý tạm thời không hoạt động. Yêu cầu của bạn đã được lưu và sẽ tự động được gửi vào hàng đợi "
    "khi hàng đợi hoạt động trở lại; bạn cũng có thể bấm “Gửi lại” sau ít phút."
)
BUSY = gettext_lazy("Một yêu cầu khác như thế này đang được xử lý.")
STALE_FAILED = gettext_lazy(
    "Tiến trình xử lý bị gián đoạn hai lần (máy chủ xử lý dừng đột ngột hoặc hàng đợi bị xóa). "
    "Hãy bấm “Gửi lại” để thử lần nữa."
)

ERROR_MAX_LENGTH = 4000


def in_official_language(work: Callable) -> Callable:
    """A job's work writes documents of record (reports, statistics forms) and the progress messages staff read:
    in the board's language (settings.LANGUAGE_CODE), whatever language the calling thread last served a page in
    (an eager task in a web worker, a management command)."""

    @functools.wraps(work)
    def in_language(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return work(*args, **kwargs)

    return in_language


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Đang chờ")
    RUNNING = "running", gettext_lazy("Đang xử lý")
    DONE = "done", gettext_lazy("Hoàn thành")
    FAILED = "failed", gettext_lazy("Lỗi")


#: A job waiting for a worker or being worked on: at most one per scope.
PENDING = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """What every background job keeps. `error` is the last attempt's failure (for the people who run the site),
    `enqueue_error` why the queue did not take the request (shown to the user, empty once queued)."""

    status = models.CharField(
        gettext_lazy("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("tiến độ (%)"), default=0)
    progress_message = models.CharField(gettext_lazy("đang làm"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("số lần chạy"), default=0)
    error = models.TextField(gettext_lazy("lỗi gần nhất"), blank=True)
    enqueue_error = models.CharField(gettext_lazy("lỗi gửi vào hàng đợi"), max_length=255, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # empty while the queue has not taken the request
    heartbeat_at = models.DateTimeField(gettext_lazy("dấu hiệu hoạt động gần nhất"), null=True, blank=True)
    requeues = models.PositiveSmallIntegerField(gettext_lazy("số lần tự động gửi lại"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(gettext_lazy("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(gettext_lazy("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def is_kept(self) -> bool:
        """Asked for, but the queue did not take it: it waits for the queue to come back."""
        return self.status == JobStatus.QUEUED and bool(self.enqueue_error)


@dataclass(frozen=True)
class JobQueue:
    """The life of one kind of job. `task`: the dotted path of the Celery task that runs one job given its id;
    `name`: the prefix of the audit actions; `unavailable`: what the user reads when the queue is down;
    `busy`: the refusal of a retry while another job of the same scope is pending."""

    model: type[Job]
    task: str
    name: str
    unavailable: str = QUEUE_UNAVAILABLE
    busy: str = BUSY

    # --- Asking ---------------------------------------------------------------------------------------
    def request(self, *, scope: dict, create: Callable[[], Job]) -> tuple[Job, bool]:
        """The job of `scope` still queued or running, or a new one made by `create()` (which also writes the
        request's audit row, in the same transaction). Returns (job, created). Check the permission first."""
        self.recover_stale(scope=scope)  # a job of this scope left by a dead worker is queued again, not waited on
        pending = self.model.objects.filter(**scope, status__in=PENDING)
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    job = pending.select_for_update().first()
                    if job is not None:
                        return job, False
                    return create(), True
            except IntegrityError:
                continue  # another request of the same scope was committed at the same moment: use it
        job = pending.first()
        if job is None:  # pragma: no cover - three collisions in a row
            raise ValidationError(_("Không tạo được yêu cầu, vui lòng thử lại."))
        return job, False

    def enqueue(self, *, job: Job) -> bool:
        """Hand the job to Celery under a new task id, written on the row first (the worker may start at once).
        False, with the reason kept in `enqueue_error`, when the broker is down."""
        task_id = str(uuid.uuid4())
        now = timezone.now()
        self.model.objects.filter(pk=job.pk).update(task_id=task_id, heartbeat_at=now)
        try:
            import_string(self.task).apply_async(args=[job.pk], task_id=task_id, retry=False)
        except BROKER_ERRORS as error:
            logger.warning("%s %s not queued: %s", self.model.__name__, job.pk, error)
            reason = str(self.unavailable)[:255]
            self.model.objects.filter(pk=job.pk).update(enqueue_error=reason, task_id="")
            job.enqueue_error, job.task_id = reason, ""
            return False
        self.model.objects.filter(pk=job.pk).update(enqueue_error="")
        job.task_id, job.enqueue_error, job.heartbeat_at = task_id, "", now
        return True

    def submit(self, *, job: Job, created: bool) -> bool:
        """After `request` has committed: queue the job if it is new or was kept while the queue was down.
        True when it is on the queue (a pending job returned by `request` already was)."""
        if created or job.enqueue_error:
            return self.enqueue(job=job)
        return True

    def requeue_kept(self) -> int:
        """Queue the jobs the queue did not take while it was down (Celery beat, every minute); returns how
        many. Stops at the first the queue still refuses. Rows another run holds are skipped (row locks)."""
        queued = 0
        while True:
            with transaction.atomic():
                job = (
                    self.model.objects.select_for_update(skip_locked=True)
                    .filter(status=JobStatus.QUEUED, task_id="")
                    .exclude(enqueue_error="")
                    .order_by("requested_at", "pk")
                    .first()
                )
                if job is None or not self.enqueue(job=job):
                    return queued
                record_audit(
                    actor=None,
                    action=f"{self.name}.requeue",
                    target=job,
                    unit=job.requested_by.unit if job.requested_by_id else None,
                    summary=_("Tự động gửi lại vào hàng đợi: %(job)s") % {"job": job},
                )
                queued += 1

    def stale(self):
        """Pending jobs the queue took whose heartbeat is older than `settings.JOB_STALE_SECONDS`."""
        cutoff = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
        last_sign = Coalesce("heartbeat_at", "started_at", "requested_at")
        return (
            self.model.objects.filter(status__in=PENDING)
            .exclude(Q(task_id="") & Q(status=JobStatus.QUEUED))  # kept while the queue was down: requeue_kept's
            .alias(last_sign=last_sign)
            .filter(last_sign__lt=cutoff)
        )

    def recover_stale(self, *, scope: dict | None = None) -> int:
        """Queue again, once, each stale job (of `scope`, or all); a job stale again after that fails with
        `STALE_FAILED`. Returns how many were queued. Each is audited (`<name>.stale_requeue`,
        `<name>.stale_failed`); rows another run holds are skipped."""
        queued = 0
        while True:
            with transaction.atomic():
                stale = self.stale().filter(**(scope or {}))
                job = stale.select_for_update(skip_locked=True).order_by("requested_at", "pk").first()
                if job is None:
                    return queued
                unit = job.requested_by.unit if job.requested_by_id else None
                if job.requeues >= settings.JOB_MAX_REQUEUES:
                    self.model.objects.filter(pk=job.pk).update(
                        status=JobStatus.FAILED, task_id="", progress_message=str(STALE_FAILED)[:255]
                    )
                    record_audit(
                        actor=None,
                        action=f"{self.name}.stale_failed",
                        target=job,
                        unit=unit,
                        summary=_("Dừng vì bị gián đoạn lần nữa: %(job)s") % {"job": job},
                    )
                    continue
                logger.warning("%s %s is stale (%s): queued again", self.model.__name__, job.pk, job.status)
                self.model.objects.filter(pk=job.pk).update(
                    status=JobStatus.QUEUED, progress=0, requeues=F("requeues") + 1
                )
                job.status, job.progress = JobStatus.QUEUED, 0
                record_audit(
                    actor=None,
                    action=f"{self.name}.stale_requeue",
                    target=job,
                    unit=unit,
                    summary=_("Tự động gửi lại vì bị gián đoạn: %(job)s") % {"job": job},
                )
                if not self.enqueue(job=job):
                    return queued
                queued += 1

    def retry(self, *, actor: User | None, job: Job) -> tuple[Job, bool]:
        """Queue again a job the queue did not take, or that failed for good (audited). Returns (job, queued);
        a finished job is left as it is (queued False)."""
        with transaction.atomic():
            job = self.model.objects.select_for_update().get(pk=job.pk)
            if job.status == JobStatus.DONE:
                return job, False
            if job.status == JobStatus.FAILED:
                job.status, job.progress, job.progress_message, job.task_id = JobStatus.QUEUED, 0, "", ""
                job.requeues = 0
                try:
                    with transaction.atomic():
                        job.save(update_fields=["status", "progress", "progress_message", "task_id", "requeues"])
                except IntegrityError:  # another job of the same scope is pending (a partial unique constraint)
                    raise ValidationError(self.busy) from None
            record_audit(
                actor=actor,
                action=f"{self.name}.retry",
                target=job,
                unit=actor.unit if actor is not None else None,
                summary=str(job),
            )
        return job, self.enqueue(job=job)

    # --- Working (in the Celery task) ---------------------------------------------------------------------
    def run(self, task, *, job_id: int, work: Callable[[], Job]) -> str:
        """The body of the job's task (`task` is the bound task): do the work; on any failure record it
        (final once Celery's retries are spent) and raise again, so that Celery retries it.

        A message whose task id is no longer the row's (the job was queued again under a new id after its worker
        died) does nothing: the new message does the work, once."""
        own = getattr(task.request, "id", None)
        current = self.model.objects.filter(pk=job_id).values_list("task_id", flat=True).first()
        if own and current and own != current:
            logger.warning("%s %s: message %s superseded by %s, skipped", self.model.__name__, job_id, own, current)
            return "superseded"
        try:
            return work().status
        except Exception as error:
            final = task.request.retries >= task.max_retries
            self.fail(job_id=job_id, error=f"{type(error).__name__}: {error}", final=final)
            raise

    def start(self, *, job_id: int, message: str) -> None:
        """An attempt begins: running, counted, its last error cleared."""
        self.model.objects.filter(pk=job_id).update(
            status=JobStatus.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
            error="",
            progress=5,
            progress_message=message[:255],
        )

    def progress(self, *, job_id: int, percent: int, message: str) -> None:
        """Committed at once (call it outside any transaction) so that the page's progress bar sees it."""
        self.model.objects.filter(pk=job_id).update(
            progress=min(percent, 100), progress_message=message[:255], heartbeat_at=timezone.now()
        )

    def finish(self, job: Job, *, message: str | None = None) -> list[str]:
        """Mark `job` (the row locked by the work's last transaction) done; the caller saves it with the
        returned field names and its own results, and audits it."""
        job.status, job.progress, job.error = JobStatus.DONE, 100, ""
        job.progress_message = message if message is not None else _("Hoàn thành")
        job.finished_at = timezone.now()
        return ["status", "progress", "progress_message", "finished_at", "error"]

    def fail(self, *, job_id: int, error: str, final: bool) -> None:
        """Record a failed attempt: queued again for the automatic retry, or failed for good."""
        limit = self.model._meta.get_field("error").max_length or ERROR_MAX_LENGTH
        self.model.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
            status=JobStatus.FAILED if final else JobStatus.QUEUED,
            error=error[:limit],
            progress_message=_("Lỗi, đã dừng") if final else _("Lỗi, sẽ tự động thử lại"),
        )
