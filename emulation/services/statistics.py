"""Writes of the statutory statistics (biểu 0601–0605): load the forms' versions, request a compile (a background
job, `clusters.jobs`, run by `STATS`), compile it, keep a board's manual cells.

- `ensure_stat_forms` loads the versions of emulation/catalogue/statistics.py that are missing (by code and date);
  a successor circular is a new entry there, never a change of code.
- `stat_request` records who asked for which form, board and year (a `StatRun`, the next version of the board's
  `StatSheet`); a request still queued or running for the same sheet is returned instead (a partial unique
  constraint), so pressing twice compiles once. `stat_submit` queues it after commit.
- `stat_compile` (the Celery task) computes the cells, lists the records it could not classify, and writes the
  XLSX and the PDF under fixed names, so a retry overwrites its own files.
- `sheet_update` saves the manual cells (optimistic locking on the sheet); every compile reads them, so they are
  kept across recompiles.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.concurrency import claim_version
from clusters.jobs import JobQueue, in_official_language
from clusters.models import Unit, UnitKind, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..catalogue import statistics as catalogue
from ..models import StatForm, StatRun, StatRunStatus, StatSheet

__all__ = [
    "QUEUE_UNAVAILABLE",
    "STATS",
    "ensure_stat_forms",
    "sheet_update",
    "stat_compile",
    "stat_request",
    "stat_retry",
    "stat_submit",
    "stats_requeue_unqueued",
]

QUEUE_UNAVAILABLE = gettext_lazy(
    "Hàng đợi xử lý tạm thời không hoạt động. Yêu cầu lập biểu đã được lưu và sẽ tự động được gửi vào hàng đợi khi "
    "hàng đợi hoạt động trở lại; bạn cũng có thể bấm “Gửi lại” sau ít phút."
)
REFUSED = gettext_lazy("Bạn không có quyền lập biểu thống kê của đơn vị này.")

STATS = JobQueue(
    model=StatRun,
    task="emulation.tasks.compile_statistics",
    name="statistics",
    unavailable=QUEUE_UNAVAILABLE,
    busy=gettext_lazy("Biểu này đang được lập."),
)


def ensure_stat_forms() -> int:
    """Create the form versions of the catalogue that are missing; returns how many."""
    return catalogue.load_forms(StatForm)


def _require_board(actor: User | None, board: Unit) -> None:
    if board.kind not in (UnitKind.BOARD, UnitKind.CENTRAL):
        raise ValidationError(_("Đơn vị báo cáo phải là Ban Thi đua - Khen thưởng."))
    require(actor, "emulation.compile_statistics", board, message=REFUSED)


def stat_request(*, actor: User | None, form: StatForm, board: Unit, year: int) -> tuple[StatRun, bool]:
    """A new compile of `form` for `board` and `year`, or the one still queued or running. (run, created)."""
    _require_board(actor, board)
    day = datetime.date(year, 12, 31)
    if form.effective_from > day or (form.effective_to is not None and form.effective_to < day):
        raise ValidationError(_("Phiên bản biểu này không áp dụng cho năm %(year)s.") % {"year": year})
    sheet, _created = StatSheet.objects.get_or_create(form=form, board=board, year=year)

    def create() -> StatRun:
        latest = StatRun.objects.filter(sheet=sheet).aggregate(v=Max("run_version"))["v"] or 0
        run = StatRun.objects.create(sheet=sheet, run_version=latest + 1, requested_by=actor)
        record_audit(
            actor=actor,
            action="statistics.request",
            target=run,
            unit=board,
            summary=str(run),
            data={"form": form.code, "year": year, "version": run.run_version},
        )
        return run

    return STATS.request(scope={"sheet": sheet}, create=create)


def stat_submit(*, run: StatRun, created: bool) -> bool:
    return STATS.submit(job=run, created=created)


def stat_retry(*, actor: User, run: StatRun) -> tuple[StatRun, bool]:
    _require_board(actor, run.sheet.board)
    return STATS.retry(actor=actor, job=run)


def stats_requeue_unqueued() -> int:
    return STATS.requeue_kept() + STATS.recover_stale()


def _write(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - the storage renamed it: refuse to keep two copies
        default_storage.delete(saved)
        raise OSError(f"Storage renamed {name} to {saved}")
    return saved


def _file_name(run: StatRun, extension: str) -> str:
    sheet = run.sheet
    return f"statistics/board-{sheet.board_id}/{sheet.year}/{sheet.form.code}-v{run.run_version}-r{run.pk}.{extension}"


@in_official_language
def stat_compile(*, run_id: int) -> StatRun:
    """Compute the cells, list the unclassified records, write the XLSX and the PDF. Safe to run again."""
    from ..documents import statistics as documents
    from ..selectors.statistics import compile_form, form_table

    run = StatRun.objects.select_related("sheet__form", "sheet__board__parent").get(pk=run_id)
    if run.status == StatRunStatus.DONE:
        return run
    STATS.start(job_id=run.pk, message=_("Đang đọc số liệu"))
    sheet = run.sheet
    compiled = compile_form(sheet.form, sheet.board, sheet.year)
    STATS.progress(job_id=run.pk, percent=40, message=_("Đang lập bảng Excel"))
    table = form_table(sheet.form, compiled.cells, sheet.manual_values, board=sheet.board, year=sheet.year)
    xlsx = documents.stat_xlsx(table)
    STATS.progress(job_id=run.pk, percent=70, message=_("Đang tạo tệp PDF"))
    pdf = documents.stat_pdf(table)
    names = {"xlsx": _write(_file_name(run, "xlsx"), xlsx), "pdf": _write(_file_name(run, "pdf"), pdf)}
    with transaction.atomic():
        locked = StatRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == StatRunStatus.DONE:
            return locked
        STATS.finish(locked)
        locked.cells = compiled.cells
        locked.unclassified = compiled.unclassified
        locked.xlsx.name, locked.pdf.name = names["xlsx"], names["pdf"]
        locked.save()
        record_audit(
            actor=locked.requested_by,
            action="statistics.done",
            target=locked,
            unit=sheet.board,
            summary=str(locked),
            data={"unclassified": len(compiled.unclassified)},
        )
    return locked


@transaction.atomic
def sheet_update(*, actor: User | None, sheet: StatSheet, values: dict[str, int | None], version=None) -> StatSheet:
    """Save the manual cells of `sheet` ({"row|column": number or None}); only the form's manual cells."""
    require(actor, "emulation.change_stat_sheet", sheet, message=REFUSED)
    claim_version(sheet, version)
    allowed = {f"{row}|{column}" for row, column in sheet.form.manual_cells()}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(_("Ô không nhập tay được: %(cells)s.") % {"cells": ", ".join(sorted(unknown))})
    manual = {key: value for key, value in {**sheet.manual_values, **values}.items() if value is not None}
    if manual != sheet.manual_values:
        old = dict(sheet.manual_values)
        sheet.manual_values = manual
        sheet.save()
        record_audit(
            actor=actor, action="statistics.manual", target=sheet, unit=sheet.board, summary=str(sheet),
            data={"before": old, "after": manual},
        )  # fmt: skip
    return sheet
