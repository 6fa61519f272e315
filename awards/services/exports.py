"""Writes of the large Excel exports of award records: request, queue, build, fail, retry, requeue."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError

from clusters.models import User
from clusters.rules import require
from clusters.services import record_audit

from ..documents import records_xlsx
from ..models import AwardType, ExportStatus, RecordExport
from ..selectors.records import award_records
from ..tasks import build_record_export

logger = logging.getLogger(__name__)


EXPORT_QUEUE_UNAVAILABLE = gettext_lazy(
    "Hàng đợi xử lý tạm thời không hoạt động. Yêu cầu xuất đã được lưu và sẽ tự động được gửi vào hàng đợi khi "
    "hàng đợi hoạt động trở lại."
)


def record_export_request(
    *, actor: User, query: str = "", year: int | None = None, award_type: AwardType | None = None
) -> tuple[RecordExport, bool]:
    """Record a request to export the award records matching the filters; `record_export_enqueue` then
    hands it to Celery (the view calls it once this has committed). Returns (export, created): the same
    user's same export still waiting or running is returned instead of a second one."""
    require(actor, "awards.manage_records")
    filters = {"query": query, "year": year, "award_type": award_type}
    with transaction.atomic():
        pending = (
            RecordExport.objects.filter(requested_by=actor, **filters)
            .filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
            .first()
        )
        if pending is not None:
            return pending, False
        export = RecordExport.objects.create(requested_by=actor, **filters)
        record_audit(
            actor=actor,
            action="records.export",
            target=export,
            unit=actor.unit,
            summary=_("Yêu cầu xuất khen thưởng: %(filters)s")
            % {"filters": ", ".join(str(v) for v in (query, year, award_type) if v) or _("tất cả")},
        )
    return export, True


def record_export_enqueue(*, export: RecordExport) -> bool:
    """Queue the build. False (the request kept, with the reason) when the broker is unreachable."""
    try:
        result = build_record_export.apply_async(args=[export.pk], retry=False)
    except (BrokerError, ConnectionError, OSError) as error:
        logger.warning("Export %s not queued: %s", export.pk, error)
        RecordExport.objects.filter(pk=export.pk).update(error=str(EXPORT_QUEUE_UNAVAILABLE), task_id="")
        export.error, export.task_id = str(EXPORT_QUEUE_UNAVAILABLE), ""
        return False
    RecordExport.objects.filter(pk=export.pk).exclude(status=ExportStatus.DONE).update(
        error="", task_id=result.id or "queued"
    )
    export.refresh_from_db()
    return True


def record_export_build(*, export_id: int) -> RecordExport:
    """Build the export's workbook (the import's columns) and keep it. Safe to run again: a finished
    export is left as it is, a retry replaces its own file."""
    export = RecordExport.objects.select_related("award_type").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export
    RecordExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, error="")
    records = award_records(query=export.query, year=export.year, award_type_id=export.award_type_id)
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield row

    data = records_xlsx(counted(records.iterator(chunk_size=2000)))
    with transaction.atomic():
        export = RecordExport.objects.select_for_update().get(pk=export.pk)
        if export.file:
            export.file.delete(save=False)
        export.file.save(f"khen-thuong-{export.pk}.xlsx", ContentFile(data), save=False)
        export.status, export.row_count, export.finished_at, export.error = ExportStatus.DONE, count, timezone.now(), ""
        export.save(update_fields=["file", "status", "row_count", "finished_at", "error"])
        record_audit(
            actor=None,
            action="records.export_done",
            target=export,
            unit=export.requested_by.unit if export.requested_by_id else None,
            summary=_("Đã xuất %(count)s khen thưởng.") % {"count": count},
        )
    return export


def record_export_failed(*, export_id: int, error: str, final: bool) -> None:
    """A failed attempt: back to the queue for the automatic retry, or failed for good."""
    status = ExportStatus.FAILED if final else ExportStatus.QUEUED
    RecordExport.objects.filter(pk=export_id).exclude(status=ExportStatus.DONE).update(status=status, error=error[:500])


def record_export_retry(*, actor: User, export: RecordExport) -> bool:
    """Queue again an export the queue did not take, or that failed for good."""
    require(actor, "awards.change_record_export", export)
    if export.status == ExportStatus.DONE:
        return False
    if export.status == ExportStatus.FAILED:
        RecordExport.objects.filter(pk=export.pk).update(status=ExportStatus.QUEUED, task_id="")
        export.status = ExportStatus.QUEUED
    record_audit(actor=actor, action="records.export_retry", target=export, unit=actor.unit, summary=str(export))
    return record_export_enqueue(export=export)


def record_exports_requeue_unqueued() -> int:
    """Celery beat: queue the exports the queue did not take while it was down; returns how many."""
    queued = 0
    while True:
        with transaction.atomic():
            export = (
                RecordExport.objects.select_for_update(skip_locked=True)
                .filter(status=ExportStatus.QUEUED, task_id="")
                .order_by("requested_at", "pk")
                .first()
            )
            if export is None or not record_export_enqueue(export=export):
                return queued
            queued += 1
