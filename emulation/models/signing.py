"""Signatures of a pledge: one per member unit and version, each carrying the fingerprint of the content it
signed (`emulation.seal`); and the versions opened for signing, each with a snapshot of what was put up for
signature. Written only by `emulation.services.signing`."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .pledges import Pledge

__all__ = ["PledgeSignature", "PledgeVersion", "SignatureMethod"]


class SignatureMethod(models.TextChoices):
    ONLINE = "online", _("ký trực tuyến")
    PAPER = "paper", _("ký trên giấy")


def paper_scan_upload_to(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: the original name is kept only in the database."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"pledge-scans/{uuid.uuid4().hex}{extension}"


class PledgeSignature(models.Model):
    """One member unit's signature on one version of a pledge: given online by the unit's leader (an account,
    its password), or on paper at the ceremony and recorded by the chair unit (`recorded_by`) with the scanned
    signed page (`scan`, its SHA-256 in `scan_sha256`, part of the seal) and the signer's name and position.
    One live signature per unit and version, whichever way it was given."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="signatures")
    version = models.PositiveIntegerField(_("phiên bản"))
    unit = models.ForeignKey("clusters.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    method = models.CharField(
        _("hình thức ký"), max_length=10, choices=SignatureMethod.choices, default=SignatureMethod.ONLINE
    )
    signer_name = models.CharField(_("họ và tên người ký"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    is_chair = models.BooleanField(_("ký với tư cách trưởng cụm, khối"), default=False)
    signed_at = models.DateTimeField(_("ký lúc"))
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=500, blank=True)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    voided_at = models.DateTimeField(_("bị hủy lúc"), null=True, blank=True)
    # A signature on paper: who recorded it, the day it was signed, the scanned signed page.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    paper_signed_on = models.DateField(_("ngày ký trên giấy"), null=True, blank=True)
    scan = models.FileField(_("bản quét trang ký"), upload_to=paper_scan_upload_to, max_length=200, blank=True)
    scan_name = models.CharField(_("tên tệp bản quét"), max_length=255, blank=True)
    scan_content_type = models.CharField(_("kiểu tệp bản quét"), max_length=100, blank=True)
    scan_sha256 = models.CharField(_("SHA-256 của bản quét"), max_length=64, blank=True)

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
            models.CheckConstraint(
                condition=(
                    Q(method=SignatureMethod.ONLINE, signer__isnull=False, recorded_by__isnull=True, scan_sha256="")
                    | (
                        Q(method=SignatureMethod.PAPER, recorded_by__isnull=False, paper_signed_on__isnull=False)
                        & ~Q(scan_sha256="")
                        & ~Q(signer_name="")
                    )
                ),
                name="signature_online_by_account_or_paper_with_scan",
                violation_error_message=_(
                    "Chữ ký trực tuyến phải gắn với tài khoản người ký; chữ ký trên giấy phải có người ghi nhận, "
                    "ngày ký và bản quét."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.unit} (v{self.version})"

    @property
    def is_live(self) -> bool:
        return self.voided_at is None

    @property
    def on_paper(self) -> bool:
        return self.method == SignatureMethod.PAPER

    @property
    def signed_on(self):
        """The day it was signed: the ceremony's for a signature on paper."""
        return self.paper_signed_on if self.on_paper else timezone.localtime(self.signed_at).date()


class PledgeVersion(models.Model):
    """One version of a pledge as it was opened for signing: the snapshot every signature and the seal refer to.

    `content` is the canonical content (`emulation.seal.canonical_content`) as it stood when the version was
    opened, with the group named as it was that day; `fingerprint` is its SHA-256, the one each signature of the
    version carries. `members` names the member units that day (unit, name, role): the units that were to sign.
    Verification compares the live rows against this snapshot, so renaming the group or a unit in the registry
    later is not tampering, while altering the pledge's text is. An amendment closes the version
    (`superseded_at`, `amend_reason`) and the next opening makes the next one; every version stays verifiable.
    Once the pledge is signed, PostgreSQL refuses any change (migration 0003's guard covers this table too).
    """

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    content = models.JSONField(_("nội dung đã đưa ra ký"))
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    members = models.JSONField(_("đơn vị thành viên khi mở ký"), default=list)
    opened_at = models.DateTimeField(_("mở ký lúc"))
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    amend_reason = models.TextField(_("lý do sửa đổi"), blank=True)

    class Meta:
        verbose_name = _("phiên bản giao ước")
        verbose_name_plural = _("phiên bản giao ước")
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="one_snapshot_per_pledge_version"),
            models.CheckConstraint(condition=Q(number__gte=1), name="pledge_version_number_positive"),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | ~Q(amend_reason=""), name="superseded_version_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge} (v{self.number})"

    @property
    def group_name(self) -> str:
        return (self.content.get("group") or {}).get("name", "")

    def member_name(self, unit_id: int) -> str:
        return next((m["name"] for m in self.members if m["unit_id"] == unit_id), "")
