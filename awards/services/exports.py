"""Writes of the large Excel exports of award records: request, build, retry, requeue — a background job
(`clusters.jobs`) run by `EXPORTS`.

- `record_export_request` records who asked for which filters (a `RecordExport` row). The same user's export
  of the same filters still queued or running is returned instead (a partial unique constraint guarantees at
  most one), so asking twice builds it once. The view then hands a new row to Celery with `EXPORTS.submit`,
  once the row is committed. When the broker (Redis) is down the row is kept with the reason in
  `enqueue_error`; `record_exports_requeue_unqueued` (Celery beat, every minute) queues it once the broker is
  back, or the user presses "Gửi lại" (`record_export_retry`).
- `record_export_build` (run by the Celery task through `EXPORTS.run`, which records failed attempts) writes
  the workbook for the row; a finished export is left as it is, a retry replaces its own file.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.jobs import JobQueue
from clusters.models import User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..documents.records import records_xlsx
from ..models import AwardType, ExportStatus, RecordExport
from ..selectors.records import award_records

__all__ = [
    "EXPORTS",
    "record_export_build",
    "record_export_request",
    "record_export_retry",
    "record_exports_requeue_unqueued",
]

EXPORTS = JobQueue(model=RecordExport, task="awards.tasks.build_record_export", name="records.export")


def record_export_request(
    *, actor: User | None, query: str = "", year: int | None = None, award_type: AwardType | None = None
) -> tuple[RecordExport, bool]:
    """Record a request to export the award records matching the filters. Returns (export, created): the
    same user's export of the same filters still waiting or running is returned instead of a second one."""
    require(actor, "awards.manage_records")
    scope = {"requested_by": actor, "query": query, "year": year, "award_type": award_type}

    def create() -> RecordExport:
        export = RecordExport.objects.create(**scope)
        record_audit(
            actor=actor,
            action="records.export",
            target=export,
            unit=actor.unit if actor is not None else None,
            summary=_("Yêu cầu xuất khen thưởng: %(filters)s")
            % {"filters": ", ".join(str(v) for v in (query, year, award_type) if v) or _("tất cả")},
        )
        return export

    return EXPORTS.request(scope=scope, create=create)


def record_export_build(*, export_id: int) -> RecordExport:
    """Build the export's workbook (the import's columns) and keep it. Safe to run again: a finished
    export is left as it is, a retry replaces its own file."""
    export = RecordExport.objects.select_related("award_type").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export  # delivered twice: the first run finished, nothing to do
    EXPORTS.start(job_id=export.pk, message=_("Đang đọc các khen thưởng"))
    records = award_records(query=export.query, year=export.year, award_type_id=export.award_type_id)
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield row

    data = records_xlsx(counted(records.iterator(chunk_size=2000)))
    EXPORTS.progress(job_id=export.pk, percent=90, message=_("Đang lưu tệp Excel"))
    with transaction.atomic():
        export = RecordExport.objects.select_for_update().get(pk=export.pk)
        if export.status == ExportStatus.DONE:
            return export
        if export.file:
            export.file.delete(save=False)
        export.file.save(f"khen-thuong-{export.pk}.xlsx", ContentFile(data), save=False)
        export.row_count = count
        export.save(update_fields=[*EXPORTS.finish(export), "file", "row_count"])
        record_audit(
            actor=None,
            action="records.export_done",
            target=export,
            unit=export.requested_by.unit if export.requested_by_id else None,
            summary=_("Đã xuất %(count)s khen thưởng.") % {"count": count},
            data={"attempts": export.attempts},
        )
    return export


def record_export_retry(*, actor: User | None, export: RecordExport) -> tuple[RecordExport, bool]:
    """Queue again an export the queue did not take, or that failed for good (audited as
    `records.export.retry`). Returns (export, queued); a finished export is left as it is."""
    require(actor, "awards.change_record_export", export)
    return EXPORTS.retry(actor=actor, job=export)


def record_exports_requeue_unqueued() -> int:
    """Queue the exports the queue did not take while it was down, and once each the exports left stale by a
    dead worker or an emptied queue (Celery beat, every minute); returns how many were queued, each audited
    (`records.export.requeue`, `records.export.stale_requeue`)."""
    return EXPORTS.requeue_kept() + EXPORTS.recover_stale()
