"""Writes of the year-end summary reports: request, queue, compile, fail.

- `report_request` records who asked and when (a `Report` row, the next version number). If a
  request for the same report is still queued or running, that one is returned instead (a partial
  unique constraint guarantees there is at most one), so pressing the button twice runs it once.
- `report_enqueue` hands the row to Celery after the row is committed. When the broker (Redis)
  is down it says so in Vietnamese and keeps the row; `reports_requeue_unqueued` (Celery beat, every minute)
  queues it once the broker is back, or the user presses "Gửi lại".
- `report_compile` (run by the Celery task) builds the DOCX, XLSX and PDF under fixed names for the
  row, so a retry overwrites its own files and never duplicates them; the finished row becomes the
  one current version of its report and the older versions stay downloadable.
"""

from __future__ import annotations

import logging
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError

from clusters.models import EmulationGroup, Unit, User
from clusters.rules import GroupYear
from clusters.services import record_audit

from ..models import Report, ReportKind, ReportStatus

__all__ = [
    "QUEUE_UNAVAILABLE",
    "report_compile",
    "report_enqueue",
    "report_failed",
    "report_progress",
    "report_request",
    "reports_requeue_unqueued",
]

logger = logging.getLogger(__name__)

QUEUE_UNAVAILABLE = gettext_lazy(
    "Hàng đợi xử lý báo cáo tạm thời không hoạt động. Yêu cầu của bạn đã được lưu và sẽ tự động được gửi vào hàng "
    "đợi khi hàng đợi hoạt động trở lại; bạn cũng có thể bấm “Gửi lại” sau ít phút."
)


def _scope(*, kind: str, group: EmulationGroup | None, organizer: Unit | None) -> dict:
    if kind == ReportKind.GROUP_SUMMARY:
        if group is None:
            raise ValidationError(_("Chưa chọn cụm, khối."))
        return {"kind": kind, "group": group, "organizer": None}
    if organizer is None:
        raise ValidationError(_("Chưa chọn Ban Thi đua - Khen thưởng."))
    return {"kind": kind, "group": None, "organizer": organizer}


def report_request(
    *,
    actor: User,
    year: int,
    kind: str = ReportKind.GROUP_SUMMARY,
    group: EmulationGroup | None = None,
    organizer: Unit | None = None,
) -> tuple[Report, bool]:
    """A new version of the report, or the one already queued or running. Returns (report, created)."""
    scope = _scope(kind=kind, group=group, organizer=organizer)
    if kind == ReportKind.GROUP_SUMMARY:
        allowed = actor.has_perm("emulation.request_report", GroupYear(group, year))
    else:
        allowed = actor.has_perm("emulation.request_rollup", organizer)
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo này."))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                pending = (
                    Report.objects.select_for_update()
                    .filter(**scope, year=year, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])
                    .first()
                )
                if pending is not None:
                    return pending, False
                latest = Report.objects.filter(**scope, year=year).aggregate(v=Max("version"))["v"] or 0
                report = Report.objects.create(**scope, year=year, version=latest + 1, requested_by=actor)
                record_audit(
                    actor=actor,
                    action="report.request",
                    target=report,
                    unit=actor.unit,
                    summary=str(report),
                    data={"version": report.version},
                )
                return report, True
        except IntegrityError:
            # Another request for the same report was committed at the same moment: use it.
            continue
    pending = Report.objects.filter(**scope, year=year, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]).first()
    if pending is None:  # pragma: no cover - three collisions in a row
        raise ValidationError(_("Không tạo được yêu cầu, vui lòng thử lại."))
    return pending, False


def report_enqueue(*, report: Report) -> bool:
    """Queue the compile task. False (and the row kept, with the reason) when the broker is unreachable."""
    from ..tasks import compile_report

    try:
        result = compile_report.apply_async(args=[report.pk], retry=False)
    except (BrokerError, ConnectionError, OSError) as error:
        logger.warning("Report %s not queued: %s", report.pk, error)
        Report.objects.filter(pk=report.pk).update(enqueue_error=str(QUEUE_UNAVAILABLE)[:255])
        report.enqueue_error = str(QUEUE_UNAVAILABLE)[:255]
        return False
    Report.objects.filter(pk=report.pk).update(task_id=result.id or "", enqueue_error="")
    return True


def reports_requeue_unqueued() -> int:
    """Queue the requests the queue did not take while it was down (run every minute by Celery beat,
    `CELERY_BEAT_SCHEDULE`); returns how many were queued. Stops at the first that the queue still refuses.
    Rows another run is handling are skipped (row locks), so two runs never queue the same request."""
    queued = 0
    while True:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(skip_locked=True)
                .filter(status=ReportStatus.QUEUED, task_id="")
                .exclude(enqueue_error="")
                .order_by("requested_at", "pk")
                .first()
            )
            if report is None or not report_enqueue(report=report):
                return queued
            record_audit(
                actor=None,
                action="report.requeue",
                target=report,
                unit=report.requested_by.unit if report.requested_by_id else None,
                summary=_("Tự động gửi lại vào hàng đợi: %(report)s") % {"report": report},
            )
            queued += 1


def report_retry(*, actor: User, report: Report) -> tuple[Report, bool]:
    """Queue again a request the queue did not take, or that failed; returns (report, queued)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.DONE:
            return report, False
        if report.status == ReportStatus.FAILED:
            report.status = ReportStatus.QUEUED
            report.progress = 0
            report.progress_message = ""
            try:
                with transaction.atomic():
                    report.save(update_fields=["status", "progress", "progress_message"])
            except IntegrityError:
                raise ValidationError(_("Một yêu cầu khác cho báo cáo này đang được xử lý.")) from None
        record_audit(actor=actor, action="report.retry", target=report, unit=actor.unit, summary=str(report))
    return report, report_enqueue(report=report)


def report_progress(*, report_id: int, percent: int, message: str) -> None:
    """Committed at once (outside any transaction of the task) so the page's progress bar sees it."""
    Report.objects.filter(pk=report_id).update(progress=min(percent, 100), progress_message=message[:255])


def _file_name(report: Report, extension: str) -> str:
    scope = f"group-{report.group_id}" if report.group_id else f"board-{report.organizer_id}"
    return f"reports/{scope}/{report.year}/v{report.version}-r{report.pk}/bao-cao-tong-ket-{report.year}.{extension}"


def _write(name: str, content: bytes) -> str:
    """Write under exactly `name`, replacing a file an earlier attempt may have left."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - the storage renamed it: refuse to keep two copies
        default_storage.delete(saved)
        raise OSError(f"Storage renamed {name} to {saved}")
    return saved


def report_compile(*, report_id: int) -> Report:
    """Build the three files of the report and make it the current version. Safe to run again."""
    from ..documents import excel, pdf, word
    from ..selectors.reports import group_summary, rollup_summary

    report = Report.objects.select_related("group", "group__organizer", "organizer", "organizer__parent").get(
        pk=report_id
    )
    if report.status == ReportStatus.DONE:
        return report  # delivered twice: the first run finished, nothing to do
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        error="",
        progress=5,
        progress_message=_("Đang đọc số liệu"),
    )
    today = timezone.localdate()
    if report.kind == ReportKind.GROUP_SUMMARY:
        summary = group_summary(group=report.group, year=report.year, today=today)
        build_docx, build_pdf = word.group_docx, pdf.group_pdf
        from ..documents.tables import group_tables as make_tables

        title = _("Báo cáo tổng kết năm %(year)s — %(group)s") % {"year": report.year, "group": report.group.name}
    else:
        summary = rollup_summary(organizer=report.organizer, year=report.year, today=today)
        build_docx, build_pdf = word.rollup_docx, pdf.rollup_pdf
        from ..documents.tables import rollup_tables as make_tables

        title = _("Tổng hợp các cụm, khối năm %(year)s") % {"year": report.year}
    report_progress(report_id=report.pk, percent=25, message=_("Đang soạn tệp Word"))
    docx_bytes = build_docx(summary)
    report_progress(report_id=report.pk, percent=50, message=_("Đang lập bảng Excel"))
    xlsx_bytes = excel.workbook(make_tables(summary), title=title)
    report_progress(report_id=report.pk, percent=65, message=_("Đang tạo tệp PDF"))
    pdf_bytes = build_pdf(summary)
    report_progress(report_id=report.pk, percent=90, message=_("Đang lưu tệp"))
    names = {
        "docx": _write(_file_name(report, "docx"), docx_bytes),
        "xlsx": _write(_file_name(report, "xlsx"), xlsx_bytes),
        "pdf": _write(_file_name(report, "pdf"), pdf_bytes),
    }
    scope = {"kind": report.kind, "group_id": report.group_id, "organizer_id": report.organizer_id}
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status == ReportStatus.DONE:
            return locked
        Report.objects.filter(**scope, year=report.year, is_current=True).exclude(pk=report.pk).update(is_current=False)
        locked.status = ReportStatus.DONE
        locked.is_current = True
        locked.progress = 100
        locked.progress_message = _("Hoàn thành")
        locked.finished_at = timezone.now()
        locked.error = ""
        locked.docx.name, locked.xlsx.name, locked.pdf.name = names["docx"], names["xlsx"], names["pdf"]
        locked.save()
        record_audit(
            actor=locked.requested_by,
            action="report.done",
            target=locked,
            summary=str(locked),
            data={"attempts": locked.attempts, "files": sorted(os.path.basename(n) for n in names.values())},
        )
    return locked


def report_failed(*, report_id: int, error: str, final: bool) -> None:
    """Record a failed attempt: queued again for the automatic retry, or failed for good."""
    status = ReportStatus.FAILED if final else ReportStatus.QUEUED
    message = _("Lỗi, đã dừng") if final else _("Lỗi, sẽ tự động thử lại")
    Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        status=status, error=error[:4000], progress_message=message
    )
