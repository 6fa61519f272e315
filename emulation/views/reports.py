"""Year-end summary report pages: start a compile, follow its progress, download any version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from clusters.models import Unit
from clusters.rules import GroupYear
from clusters.web import error_text, group_year_or_404, paginate, stored_file_download

from ..models import Report, ReportKind
from ..services import reports as services

#: The files a finished report has (its fields), in the order the page offers them.
FORMATS = ("docx", "xlsx", "pdf")


def _board(request, pk, year):
    return get_object_or_404(Unit, pk=pk)


def _report(request, pk, **kwargs):
    return get_object_or_404(Report.objects.select_related("group", "organizer", "requested_by"), pk=pk)


def _queued_message(request, report: Report, created: bool, queued: bool) -> None:
    if not queued:
        messages.error(request, services.QUEUE_UNAVAILABLE)
    elif created:
        messages.success(request, _("Đã gửi yêu cầu lập báo cáo (phiên bản %(v)s).") % {"v": report.version})
    else:
        messages.info(request, _("Báo cáo này đang được lập; theo dõi tiến độ bên dưới."))


def _versions_page(request, reports, context: dict, template: str):
    context["page"] = paginate(request, reports)
    context["current"] = next((r for r in reports if r.is_current), None)
    return render(request, template, context)


@permission_required("emulation.request_report", fn=group_year_or_404, raise_exception=True)
@require_GET
def group_reports(request, pk, year):
    group = group_year_or_404(request, pk, year).group
    reports = list(
        Report.objects.filter(kind=ReportKind.GROUP_SUMMARY, group=group, year=year)
        .select_related("requested_by")
        .order_by("-version")
    )
    return _versions_page(
        request,
        reports,
        {
            "title": _("Báo cáo tổng kết năm %(year)s — %(group)s") % {"year": year, "group": group.name},
            "group": group,
            "year": year,
            "request_url": reverse("yearend:report_request", args=[pk, year]),
            "back_url": reverse("clusters:group_year", args=[pk, year]),
        },
        "emulation/reports/list.html",
    )


@permission_required("emulation.request_report", fn=group_year_or_404, raise_exception=True)
@require_POST
def group_report_request(request, pk, year):
    group = group_year_or_404(request, pk, year).group
    report, created = services.report_request(actor=request.user, kind=ReportKind.GROUP_SUMMARY, group=group, year=year)
    queued = services.report_submit(report=report, created=created)
    _queued_message(request, report, created, queued)
    return redirect("yearend:report", report.pk)


@permission_required("emulation.request_rollup", fn=_board, raise_exception=True)
@require_GET
def rollup_reports(request, pk, year):
    board = get_object_or_404(Unit, pk=pk)
    reports = list(
        Report.objects.filter(kind=ReportKind.ROLLUP, organizer=board, year=year)
        .select_related("requested_by")
        .order_by("-version")
    )
    return _versions_page(
        request,
        reports,
        {
            "title": _("Tổng hợp các cụm, khối năm %(year)s — %(board)s") % {"year": year, "board": board.name},
            "board": board,
            "year": year,
            "request_url": reverse("yearend:rollup_request", args=[pk, year]),
            "back_url": reverse("clusters:unit_detail", args=[pk]),
        },
        "emulation/reports/list.html",
    )


@permission_required("emulation.request_rollup", fn=_board, raise_exception=True)
@require_POST
def rollup_report_request(request, pk, year):
    board = get_object_or_404(Unit, pk=pk)
    report, created = services.report_request(actor=request.user, kind=ReportKind.ROLLUP, organizer=board, year=year)
    queued = services.report_submit(report=report, created=created)
    _queued_message(request, report, created, queued)
    return redirect("yearend:report", report.pk)


@permission_required("emulation.view_report", fn=_report, raise_exception=True)
@require_GET
def report_detail(request, pk):
    report = _report(request, pk)
    if report.kind == ReportKind.GROUP_SUMMARY:
        list_url = reverse("yearend:reports", args=[report.group_id, report.year])
        can_request = request.user.has_perm("emulation.request_report", GroupYear(report.group, report.year))
    else:
        list_url = reverse("yearend:rollup_reports", args=[report.organizer_id, report.year])
        can_request = request.user.has_perm("emulation.request_rollup", report.organizer)
    return render(
        request,
        "emulation/reports/detail.html",
        {"report": report, "list_url": list_url, "can_request": can_request},
    )


def _progress_payload(report: Report) -> dict:
    files = {}
    if report.is_done:
        files = {fmt: reverse("yearend:report_download", args=[report.pk, fmt]) for fmt in FORMATS}
    return {
        "status": report.status,
        "status_label": report.get_status_display(),
        "progress": report.progress,
        "message": report.progress_message,
        "attempts": report.attempts,
        "queue_error": report.enqueue_error,
        "done": report.is_done,
        "failed": report.is_failed,
        "files": files,
    }


@permission_required("emulation.view_report", fn=_report, raise_exception=True)
@require_GET
@never_cache
def report_progress(request, pk):
    """The small JSON the progress bar polls (static/js/report-progress.js)."""
    return JsonResponse(_progress_payload(_report(request, pk)))


@permission_required("emulation.view_report", fn=_report, raise_exception=True)
@require_POST
def report_retry(request, pk):
    try:
        report, queued = services.report_retry(actor=request.user, report=_report(request, pk))
    except PermissionDenied as refusal:  # may see the report, may not ask for it: said on its page
        messages.error(request, str(refusal))
        return redirect("yearend:report", pk)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("yearend:report", pk)
    if report.is_done:
        messages.info(request, _("Báo cáo đã hoàn thành."))
    elif queued:
        messages.success(request, _("Đã gửi lại yêu cầu vào hàng đợi."))
    else:
        messages.error(request, services.QUEUE_UNAVAILABLE)
    return redirect("yearend:report", pk)


@permission_required("emulation.view_report", fn=_report, raise_exception=True)
@require_GET
def report_download(request, pk, fmt):
    report = _report(request, pk)
    if fmt not in FORMATS or not report.is_done:
        raise Http404
    scope = report.group.short_name or report.group.name if report.group_id else report.organizer.name
    filename = _("Báo cáo tổng kết %(year)s - %(scope)s - v%(version)s") % {
        "year": report.year,
        "scope": scope,
        "version": report.version,
    }
    return stored_file_download(getattr(report, fmt), filename=f"{filename}.{fmt}")
