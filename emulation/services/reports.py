"""Writes of the year-end summary reports: request, queue, compile, fail — a background job
(`clusters.jobs`) run by `REPORTS`.

- `report_request` records who asked and when (a `Report` row, the next version number). If a
  request for the same report is still queued or running, that one is returned instead (a partial
  unique constraint guarantees there is at most one), so pressing the button twice runs it once.
- `report_submit` hands a new row (or one the queue refused before) to Celery after the row is committed.
  When the broker (Redis) is down it says so in Vietnamese and keeps the row; `reports_requeue_unqueued`
  (Celery beat, every minute) queues it once the broker is back, or the user presses "Gửi lại".
- `report_compile` (run by the Celery task) builds the DOCX, XLSX and PDF under fixed names for the
  row, so a retry overwrites its own files and never duplicates them; the finished row becomes the
  one current version of its report and the older versions stay downloadable.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.jobs import JobQueue, in_official_language
from clusters.models import EmulationGroup, Unit, User
from clusters.rules import GroupYear, require
from clusters.services.audit import record_audit

from ..models import Report, ReportKind, ReportStatus

__all__ = [
    "QUEUE_UNAVAILABLE",
    "REPORTS",
    "report_compile",
    "report_enqueue",
    "report_failed",
    "report_progress",
    "report_request",
    "report_retry",
    "report_submit",
    "reports_requeue_unqueued",
]

QUEUE_UNAVAILABLE = gettext_lazy(
    "Hàng đợi xử lý báo cáo tạm thời không hoạt động. Yêu cầu của bạn đã được lưu và sẽ tự động được gửi vào hàng "
    "đợi khi hàng đợi hoạt động trở lại; bạn cũng có thể bấm “Gửi lại” sau ít phút."
)
REFUSED = gettext_lazy("Bạn không có quyền lập báo cáo này.")

REPORTS = JobQueue(
    model=Report,
    task="emulation.tasks.compile_report",
    name="report",
    unavailable=QUEUE_UNAVAILABLE,
    busy=gettext_lazy("Một yêu cầu khác cho báo cáo này đang được xử lý."),
)


def _scope(*, kind: str, group: EmulationGroup | None, organizer: Unit | None) -> dict:
    if kind == ReportKind.GROUP_SUMMARY:
        if group is None:
            raise ValidationError(_("Chưa chọn cụm, khối."))
        return {"kind": kind, "group": group, "organizer": None}
    if organizer is None:
        raise ValidationError(_("Chưa chọn Ban Thi đua - Khen thưởng."))
    return {"kind": kind, "group": None, "organizer": organizer}


def _require_permission(
    actor: User | None, *, kind: str, group: EmulationGroup | None, organizer: Unit | None, year: int
) -> None:
    """A group's report is asked for by its organiser or its chair that year; a rollup by its board."""
    if kind == ReportKind.GROUP_SUMMARY:
        require(actor, "emulation.request_report", GroupYear(group, year), message=REFUSED)
    else:
        require(actor, "emulation.request_rollup", organizer, message=REFUSED)


def report_request(
    *,
    actor: User,
    year: int,
    kind: str = ReportKind.GROUP_SUMMARY,
    group: EmulationGroup | None = None,
    organizer: Unit | None = None,
) -> tuple[Report, bool]:
    """A new version of the report, or the one already queued or running. Returns (report, created)."""
    scope = {**_scope(kind=kind, group=group, organizer=organizer), "year": year}
    _require_permission(actor, kind=kind, group=group, organizer=organizer, year=year)

    def create() -> Report:
        latest = Report.objects.filter(**scope).aggregate(v=Max("version"))["v"] or 0
        report = Report.objects.create(**scope, version=latest + 1, requested_by=actor)
        record_audit(
            actor=actor,
            action="report.request",
            target=report,
            unit=actor.unit if actor is not None else None,
            summary=str(report),
            data={"version": report.version},
        )
        return report

    return REPORTS.request(scope=scope, create=create)


def report_enqueue(*, report: Report) -> bool:
    """Queue the compile task. False (and the row kept, with the reason) when the broker is unreachable."""
    return REPORTS.enqueue(job=report)


def report_submit(*, report: Report, created: bool) -> bool:
    """After `report_request`: queue a new request, or one kept while the queue was down. True when queued."""
    return REPORTS.submit(job=report, created=created)


def reports_requeue_unqueued() -> int:
    """Queue the requests the queue did not take while it was down, and once each the requests left stale by
    a dead worker or an emptied queue (run every minute by Celery beat, `CELERY_BEAT_SCHEDULE`); returns how
    many were queued, each audited (`report.requeue`, `report.stale_requeue`)."""
    return REPORTS.requeue_kept() + REPORTS.recover_stale()


def report_retry(*, actor: User, report: Report) -> tuple[Report, bool]:
    """Queue again a request the queue did not take, or that failed; returns (report, queued)."""
    _require_permission(actor, kind=report.kind, group=report.group, organizer=report.organizer, year=report.year)
    return REPORTS.retry(actor=actor, job=report)


def report_progress(*, report_id: int, percent: int, message: str) -> None:
    """Committed at once (outside any transaction of the task) so the page's progress bar sees it."""
    REPORTS.progress(job_id=report_id, percent=percent, message=message)


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


@in_official_language
def report_compile(*, report_id: int) -> Report:
    """Build the three files of the report and make it the current version. Safe to run again."""
    from ..documents import excel, pdf, word
    from ..selectors.reports import group_summary, rollup_summary

    report = Report.objects.select_related("group", "group__organizer", "organizer", "organizer__parent").get(
        pk=report_id
    )
    if report.status == ReportStatus.DONE:
        return report  # delivered twice: the first run finished, nothing to do
    REPORTS.start(job_id=report.pk, message=_("Đang đọc số liệu"))
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
        REPORTS.finish(locked)
        locked.is_current = True
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
    REPORTS.fail(job_id=report_id, error=error, final=final)
