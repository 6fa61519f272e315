"""Signatures of a pledge: one per member unit and version, each carrying the fingerprint of the content it
signed (`emulation.seal`). Written only by `emulation.services.signing`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .pledges import Pledge

__all__ = ["PledgeSignature"]


class PledgeSignature(models.Model):
    """One member unit's signature on one version of a pledge."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="signatures")
    version = models.PositiveIntegerField(_("phiên bản"))
    unit = models.ForeignKey("clusters.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ký"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("họ và tên người ký"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_chair = models.BooleanField(_("ký với tư cách trưởng cụm, khối"), default=False)
    signed_at = models.DateTimeField(_("ký lúc"))
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=500, blank=True)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    voided_at = models.DateTimeField(_("bị hủy lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        ordering = ["pledge", "version", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "version", "unit"],
                condition=Q(voided_at__isnull=True),
                name="one_live_signature_per_unit_version",
                violation_error_message=_("Đơn vị đã ký phiên bản này của giao ước."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="signature_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.unit} (v{self.version})"

    @property
    def is_live(self) -> bool:
        return self.voided_at is None
