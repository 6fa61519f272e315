"""Large Excel exports of award records, built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .catalogue import AwardType


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class RecordExport(models.Model):
    """An Excel export of award records too large to build within one request, built by a Celery task
    (`awards.tasks.build_record_export`): the filters it was asked with, who asked, the file."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    query = models.CharField(_("từ khóa"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    row_count = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # empty while the queue has not taken the request
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất khen thưởng")
        verbose_name_plural = _("tệp xuất khen thưởng")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & Q(row_count__isnull=False)), name="done_export_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Xuất khen thưởng')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("awards:record_export", args=[self.pk])
