"""Dossiers with many nominees (hồ sơ đề nghị): one proposing unit asks one award of one kind for one year for a
list of collectives, households and individuals, with a summary of the achievements they share.

Each nominee is a line: an ordinary `Proposal` (`Proposal.dossier`) with its own eligibility result, review,
decision line and certificate; the dossier only groups them. Proposals made before dossiers existed keep no
dossier (`Proposal.dossier` is null): a one-line dossier around each would add nothing a reader needs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit
from clusters.text import TEXT_MAX_LENGTH, length_at_most

from .catalogue import AwardType
from .proposals import ProposalKind


class Dossier(models.Model):
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="award_dossiers"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=ProposalKind.choices, default="annual")
    summary = models.TextField(
        _("tóm tắt thành tích chung"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Thành tích chung của các tập thể, cá nhân trong hồ sơ; thành tích riêng ghi ở từng dòng."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            length_at_most("summary", TEXT_MAX_LENGTH, name="dossier_summary_length"),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100),
                name="dossier_year_plausible",
                violation_error_message=_("Năm không hợp lệ."),
            ),
        ]
        indexes = [models.Index(fields=["proposing_unit", "year"])]

    def __str__(self) -> str:
        return f"{self.award_type.name} {self.year} — {self.proposing_unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("awards:dossier_detail", args=[self.pk])

    @property
    def unit_id(self) -> int:
        """The unit that owns the dossier, for `clusters.rules.belongs_to_object_unit`."""
        return self.proposing_unit_id
