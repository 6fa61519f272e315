"""Year-end summary reports (báo cáo tổng kết), compiled by a Celery task.

Each request is a `Report` row, a background job (`clusters.jobs.Job`: who asked, when, its status, progress
and errors) with its scope and its files (DOCX, XLSX, PDF).
Versions of the same report (same kind, scope and year) are numbered; exactly one of them is
"current" (a partial unique constraint), the older ones stay downloadable. A request made while
another is still queued or running for the same report returns that one instead: running it
twice gives one current report.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.jobs import Job
from clusters.text import year_in_range

__all__ = ["Report", "ReportKind", "ReportStatus"]


class ReportKind(models.TextChoices):
    GROUP_SUMMARY = "group", _("Báo cáo tổng kết của cụm, khối")
    ROLLUP = "rollup", _("Báo cáo tổng hợp các cụm, khối")


class ReportStatus(models.TextChoices):
    """`clusters.jobs.JobStatus` in the words of a report."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tổng hợp")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


def report_upload_to(instance, filename: str) -> str:  # pragma: no cover - names are set by the service
    return f"reports/{filename}"


class Report(Job):
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    group = models.ForeignKey(
        "clusters.EmulationGroup",
        verbose_name=_("cụm, khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    organizer = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("Ban Thi đua - Khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rollup_reports",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveIntegerField(_("phiên bản"))
    is_current = models.BooleanField(_("bản hiện hành"), default=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    docx = models.FileField(_("tệp Word"), upload_to=report_upload_to, max_length=255, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to=report_upload_to, max_length=255, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=report_upload_to, max_length=255, blank=True)

    class Meta:
        verbose_name = _("báo cáo tổng kết")
        verbose_name_plural = _("báo cáo tổng kết")
        ordering = ["-requested_at", "-id"]
        constraints = [
            year_in_range("report_year_plausible"),
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="report_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(
                condition=(Q(kind="group") & Q(group__isnull=False) & Q(organizer__isnull=True))
                | (Q(kind="rollup") & Q(group__isnull=True) & Q(organizer__isnull=False)),
                name="report_scope_matches_kind",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_at_most_100"),
            models.CheckConstraint(condition=~Q(is_current=True) | Q(status="done"), name="current_report_is_done"),
            models.UniqueConstraint(
                fields=["group", "year", "version"], condition=Q(kind="group"), name="group_report_version_unique"
            ),
            models.UniqueConstraint(
                fields=["organizer", "year", "version"],
                condition=Q(kind="rollup"),
                name="rollup_report_version_unique",
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=Q(kind="group", is_current=True),
                name="one_current_group_report",
            ),
            models.UniqueConstraint(
                fields=["organizer", "year"],
                condition=Q(kind="rollup", is_current=True),
                name="one_current_rollup_report",
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=Q(kind="group", status__in=["queued", "running"]),
                name="one_pending_group_report",
            ),
            models.UniqueConstraint(
                fields=["organizer", "year"],
                condition=Q(kind="rollup", status__in=["queued", "running"]),
                name="one_pending_rollup_report",
            ),
        ]

    def __str__(self) -> str:
        scope = self.group or self.organizer
        return f"{self.get_kind_display()} — {scope} — {self.year} (v{self.version})"

    @property
    def scope_name(self) -> str:
        return str(self.group or self.organizer)
