"""The statutory statistics of Thông tư 02/2023/TT-BNV (biểu 0601–0605): the forms as versioned data, the manual
cells a board keeps for a form and year, and each compile (a background job) with its computed cells.

A form version (`StatForm`) holds its rows and columns as data (`definition`): each with a code, a label and a
selector spec that small pure functions (emulation/selectors/statistics.py) turn into counts; a successor circular
is a new version with its own dates, not new code. What the legal text at hand does not settle is marked
unconfirmed (`confirmed`, `note`, and per row or column in the definition).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.jobs import Job
from clusters.text import year_in_range

__all__ = ["StatForm", "StatRun", "StatRunStatus", "StatSheet", "StatSubject"]


class StatSubject(models.TextChoices):
    """What a form counts."""

    CAMPAIGNS = "campaigns", _("Phong trào thi đua")
    AWARDS = "awards", _("Khen thưởng")
    BODIES = "bodies", _("Cơ quan làm công tác thi đua, khen thưởng")
    STAFF = "staff", _("Công chức làm công tác thi đua, khen thưởng")


class StatForm(models.Model):
    """One version of one statutory form: its code, title, legal basis, dates in force, rows and columns."""

    code = models.CharField(_("số biểu"), max_length=10)
    title = models.CharField(_("tên biểu"), max_length=255)
    subject = models.CharField(_("đối tượng thống kê"), max_length=12, choices=StatSubject.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    effective_from = models.DateField(_("có hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50)
    receiving_unit = models.CharField(_("đơn vị nhận báo cáo"), max_length=255)
    receipt_date = models.CharField(_("ngày nhận báo cáo"), max_length=50)
    confirmed = models.BooleanField(_("đã đối chiếu văn bản"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    #: {"rows": [{"code", "label", "spec", "manual"?, "note"?}], "columns": [...], "award_levels": [...]}
    definition = models.JSONField(_("cấu trúc biểu"), default=dict)

    class Meta:
        verbose_name = _("biểu thống kê")
        verbose_name_plural = _("biểu thống kê")
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"],
                name="statform_version_unique",
                violation_error_message=_("Biểu này đã có phiên bản có hiệu lực từ ngày này."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="statform_period_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
            models.CheckConstraint(condition=Q(subject__in=StatSubject.values), name="statform_subject_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def rows(self) -> list[dict]:
        return self.definition.get("rows", [])

    @property
    def columns(self) -> list[dict]:
        return self.definition.get("columns", [])

    def manual_cells(self) -> list[tuple[str, str]]:
        """The (row, column) codes of the cells the data cannot give."""
        cells = []
        for row in self.rows:
            for column in self.columns:
                if row.get("manual") or column.get("manual"):
                    cells.append((row["code"], column["code"]))
        return cells


class StatSheet(models.Model):
    """A board's manual cells of one form for one year: kept across every compile of it."""

    form = models.ForeignKey(StatForm, verbose_name=_("biểu"), on_delete=models.PROTECT, related_name="sheets")
    board = models.ForeignKey(
        "clusters.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="stat_sheets"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    #: {"<row code>|<column code>": number}
    manual_values = models.JSONField(_("số liệu nhập tay"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu nhập tay của biểu")
        verbose_name_plural = _("số liệu nhập tay của biểu")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "board", "year"],
                name="statsheet_once_per_year",
                violation_error_message=_("Đơn vị đã có số liệu của biểu này cho năm này."),
            ),
            year_in_range("statsheet_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} — {self.board} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("statistics:sheet_edit", args=[self.pk])


class StatRunStatus(models.TextChoices):
    """`clusters.jobs.JobStatus` in the words of a compile."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tổng hợp")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


def stat_upload_to(instance, filename: str) -> str:  # pragma: no cover - names are set by the service
    return f"statistics/{filename}"


class StatRun(Job):
    """One compile of a form for a board and a year: the computed cells, the records it could not classify, the
    files. Versions are numbered; the manual cells live on the sheet, so a recompile keeps them."""

    sheet = models.ForeignKey(
        StatSheet, verbose_name=_("biểu của đơn vị"), on_delete=models.PROTECT, related_name="runs"
    )
    run_version = models.PositiveIntegerField(_("lần lập"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=StatRunStatus.choices, default=StatRunStatus.QUEUED
    )
    #: {"<row code>|<column code>": count}, the cells computed from the data
    cells = models.JSONField(_("số liệu tính được"), default=dict, blank=True)
    #: [{"id", "model", "label", "reasons"}]: what the compile could not classify
    unclassified = models.JSONField(_("hồ sơ chưa phân loại"), default=list, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to=stat_upload_to, max_length=255, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=stat_upload_to, max_length=255, blank=True)

    class Meta:
        verbose_name = _("lần lập biểu thống kê")
        verbose_name_plural = _("lần lập biểu thống kê")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=StatRunStatus.values), name="statrun_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="statrun_progress_at_most_100"),
            models.UniqueConstraint(
                fields=["sheet", "run_version"],
                name="statrun_version_unique",
                violation_error_message=_("Lần lập này đã có."),
            ),
            models.UniqueConstraint(
                fields=["sheet"],
                condition=Q(status__in=["queued", "running"]),
                name="statrun_one_pending_per_sheet",
                violation_error_message=_("Biểu này đang được lập."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} (lần {self.run_version})"

    def get_absolute_url(self) -> str:
        return reverse("statistics:run", args=[self.pk])
