"""Large Excel exports of award records, built in the background (a `clusters.jobs.Job`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.jobs import Job
from clusters.text import year_in_range

from .catalogue import AwardType


class ExportStatus(models.TextChoices):
    """`clusters.jobs.JobStatus` in the words of an export."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class RecordExport(Job):
    """An Excel export of award records too large to build within one request, built by a Celery task
    (`awards.tasks.build_record_export`): the filters it was asked with, and the file. Who asked, when, its
    state, progress and errors are the job's (`clusters.jobs.Job`). At most one export of the same user and
    filters is waiting or running (a partial unique constraint): asking twice builds it once."""

    query = models.CharField(_("từ khóa"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    row_count = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("tệp xuất khen thưởng")
        verbose_name_plural = _("tệp xuất khen thưởng")
        ordering = ["-requested_at", "-id"]
        constraints = [
            year_in_range("record_export_year_plausible"),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & Q(row_count__isnull=False)), name="done_export_has_file"
            ),
            models.UniqueConstraint(
                fields=["requested_by", "query", "year", "award_type"],
                condition=Q(status__in=["queued", "running"], requested_by__isnull=False),
                nulls_distinct=False,
                name="one_pending_record_export",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Xuất khen thưởng')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("awards:record_export", args=[self.pk])
