"""Pages of the statutory statistics (biểu 0601–0605): a board's forms for a year and its compiles, a compile's
cells and the records to fix, its progress and files, the manual cells."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.models import Unit
from clusters.web import add_form_errors, error_text, paginate, stored_file_download

from ..forms.statistics import SheetForm
from ..models import StatForm, StatRun, StatSheet
from ..selectors import statistics as selectors
from ..services import statistics as services

FORMATS = ("xlsx", "pdf")
REASONS = {
    "kind": gettext_lazy("chưa phân loại loại khen thưởng"),
    "recipient_category": gettext_lazy("chưa phân loại đối tượng"),
    "award_type": gettext_lazy("hình thức chưa có cột trong biểu"),
}


def _fix_url(entry: dict) -> str:
    """Where an unclassified record is fixed: its proposal, else its nominee's page (the award history)."""
    if entry.get("proposal"):
        return reverse("awards:proposal_detail", args=[entry["proposal"]])
    if entry.get("unit"):
        return reverse("clusters:unit_detail", args=[entry["unit"]])
    if entry.get("person"):
        return reverse("clusters:person_detail", args=[entry["person"]])
    return ""


def _board(request, pk, year=None, **kwargs):
    return get_object_or_404(Unit, pk=pk)


def _run(request, pk, **kwargs):
    return get_object_or_404(StatRun.objects.select_related("sheet__form", "sheet__board", "requested_by"), pk=pk)


def _sheet(request, pk):
    return get_object_or_404(StatSheet.objects.select_related("form", "board"), pk=pk)


@permission_required("emulation.compile_statistics", fn=_board, raise_exception=True)
@require_GET
def board_statistics(request, pk, year):
    board = _board(request, pk)
    forms = selectors.forms_in_force(year)
    sheets = {s.form_id: s for s in StatSheet.objects.filter(board=board, year=year)}
    return render(
        request,
        "emulation/statistics/board.html",
        {
            "board": board,
            "year": year,
            "forms": [(form, sheets.get(form.pk)) for form in forms],
            "page": paginate(request, selectors.runs_of_board(board).filter(sheet__year=year)),
            "years": [year - 1, year + 1],
        },
    )


@permission_required("emulation.compile_statistics", fn=_board, raise_exception=True)
@require_POST
def run_request(request, pk, year, form_pk):
    board = _board(request, pk)
    form = get_object_or_404(StatForm, pk=form_pk)
    try:
        run, created = services.stat_request(actor=request.user, form=form, board=board, year=year)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("statistics:board", pk, year)
    queued = services.stat_submit(run=run, created=created)
    if not queued:
        messages.error(request, services.QUEUE_UNAVAILABLE)
    elif created:
        messages.success(request, _("Đã gửi yêu cầu lập biểu (lần %(v)s).") % {"v": run.run_version})
    else:
        messages.info(request, _("Biểu này đang được lập; theo dõi tiến độ bên dưới."))
    return redirect(run)


@permission_required("emulation.view_stat_run", fn=_run, raise_exception=True)
@require_GET
def run_detail(request, pk):
    run = _run(request, pk)
    sheet = run.sheet
    table = selectors.form_table(sheet.form, run.cells, sheet.manual_values, board=sheet.board, year=sheet.year)
    unclassified = [
        {
            "label": entry["label"],
            "reasons": [REASONS.get(reason, reason) for reason in entry["reasons"]],
            "url": _fix_url(entry),
        }
        for entry in run.unclassified
    ]
    return render(
        request,
        "emulation/statistics/run.html",
        {
            "run": run,
            "sheet": sheet,
            "table": table,
            "unclassified": unclassified,
            "can_compile": request.user.has_perm("emulation.compile_statistics", sheet.board),
            "has_manual": bool(sheet.form.manual_cells()),
        },
    )


@permission_required("emulation.view_stat_run", fn=_run, raise_exception=True)
@require_GET
@never_cache
def run_progress(request, pk):
    """The small JSON the progress bar polls (static/js/report-progress.js)."""
    run = _run(request, pk)
    files = {fmt: reverse("statistics:download", args=[run.pk, fmt]) for fmt in FORMATS} if run.is_done else {}
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress": run.progress,
            "message": run.progress_message,
            "attempts": run.attempts,
            "queue_error": run.enqueue_error,
            "done": run.is_done,
            "failed": run.is_failed,
            "files": files,
        }
    )


@permission_required("emulation.view_stat_run", fn=_run, raise_exception=True)
@require_POST
def run_retry(request, pk):
    try:
        run, queued = services.stat_retry(actor=request.user, run=_run(request, pk))
    except (PermissionDenied, ValidationError) as refusal:
        messages.error(request, error_text(refusal) if isinstance(refusal, ValidationError) else str(refusal))
        return redirect("statistics:run", pk)
    if run.is_done:
        messages.info(request, _("Biểu đã lập xong."))
    elif queued:
        messages.success(request, _("Đã gửi lại yêu cầu vào hàng đợi."))
    else:
        messages.error(request, services.QUEUE_UNAVAILABLE)
    return redirect("statistics:run", pk)


@permission_required("emulation.view_stat_run", fn=_run, raise_exception=True)
@require_GET
def run_download(request, pk, fmt):
    run = _run(request, pk)
    if fmt not in FORMATS or not run.is_done:
        raise Http404
    sheet = run.sheet
    filename = f"Bieu {sheet.form.code} - {sheet.year} - lan {run.run_version}.{fmt}"
    return stored_file_download(getattr(run, fmt), filename=filename)


@permission_required("emulation.change_stat_sheet", fn=_sheet, raise_exception=True)
@require_http_methods(["GET", "POST"])
def sheet_edit(request, pk):
    sheet = _sheet(request, pk)
    form = SheetForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_update(actor=request.user, sheet=sheet, values=form.values(), version=form.expected_version)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu số liệu nhập tay; lập lại biểu để in số liệu mới."))
            return redirect("statistics:board", sheet.board_id, sheet.year)
    return render(
        request,
        "emulation/statistics/sheet.html",
        {
            "form": form,
            "sheet": sheet,
            "title": _("Số liệu nhập tay — Biểu %(code)s — %(board)s — năm %(year)s")
            % {"code": sheet.form.code, "board": sheet.board.name, "year": sheet.year},
        },
    )
