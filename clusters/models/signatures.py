"""PDFs signed outside the app with a token certificate (a sealed pledge, a decision), kept with what their
validation found (clusters/signatures.py): only intact files signed with a trusted certificate are kept."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .accounts import User


class SignedCopy(models.Model):
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    file = models.FileField(_("tệp PDF đã ký số"), upload_to="signed/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("dấu vân tay SHA-256 của tệp"), max_length=64)
    signer = models.CharField(_("người ký (theo chứng thư số)"), max_length=500)
    issuer = models.CharField(_("tổ chức cấp chứng thư"), max_length=500)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=80)
    valid_from = models.DateTimeField(_("chứng thư có hiệu lực từ"), null=True)
    valid_to = models.DateTimeField(_("chứng thư có hiệu lực đến"), null=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True)
    uploaded_by = models.ForeignKey(User, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("bản PDF đã ký số")
        verbose_name_plural = _("bản PDF đã ký số")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "sha256"], name="signed_copy_once_per_target"),
            models.CheckConstraint(condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="signed_copy_sha256_hex"),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.signer})"
