"""Year-end demo, summary report: the northern border cluster's 2023 report (seed 004), compiled once (DOCX,
XLSX, PDF) after its scoring and ballot (`scoring`, `ballots`). Idempotent."""

from __future__ import annotations

from ..models import Report, ReportKind, ReportStatus
from ..services.reports import report_compile, report_request
from .scoring import GROUP_NAME, YEAR, northern_border


def load_demo(*, stdout=None) -> None:
    cluster = northern_border()
    if cluster is None:
        if stdout is not None:
            stdout.write(f"Bỏ qua báo cáo tổng kết mẫu: chưa có {GROUP_NAME}.")
        return
    done = Report.objects.filter(
        kind=ReportKind.GROUP_SUMMARY, group=cluster.group, year=YEAR, status=ReportStatus.DONE
    )
    if not done.exists():
        report, _created = report_request(actor=cluster.chair_staff, group=cluster.group, year=YEAR)
        report_compile(report_id=report.pk)
    if stdout is not None:
        stdout.write(f"Báo cáo tổng kết {YEAR} của {GROUP_NAME} đã lập.")
