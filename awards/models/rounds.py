"""Rounds (đợt xét): the periods a board opens for the year's registrations or proposals, with their deadlines.

A round belongs to a board and a year; for proposals it names the kind of award (annual, thematic for a campaign,
...) and optionally the award types it is for. The submission path takes a round's due date as the deadline of
the proposals of the units under the board (`awards.selectors.workflow.deadline_for`), before the general
`SubmissionDeadline`; a proposal or a registration sent after it is flagged late.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit

from .catalogue import AwardType
from .proposals import ProposalKind, _year_plausible


class RoundPurpose(models.TextChoices):
    REGISTRATION = "registration", _("Đăng ký thi đua")
    PROPOSALS = "proposals", _("Xét khen thưởng")


class AwardRound(models.Model):
    """A round (đợt xét) a board opens for a year: its purpose, kind of award, award types and due date."""

    board = models.ForeignKey(
        Unit, verbose_name=_("ban tổ chức"), on_delete=models.PROTECT, related_name="award_rounds"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    purpose = models.CharField(_("mục đích"), max_length=12, choices=RoundPurpose.choices)
    kind = models.CharField(
        _("loại khen thưởng"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.ANNUAL
    )
    title = models.CharField(_("tên đợt"), max_length=255)
    award_types = models.ManyToManyField(
        AwardType,
        verbose_name=_("danh hiệu, hình thức"),
        blank=True,
        related_name="rounds",
        help_text=_("Để trống: mọi danh hiệu, hình thức."),
    )
    opens_on = models.DateField(_("ngày bắt đầu"))
    due_date = models.DateField(_("hạn gửi"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt xét")
        verbose_name_plural = _("đợt xét")
        ordering = ["-year", "due_date", "id"]
        constraints = [
            _year_plausible("awardround_year_plausible"),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("opens_on")),
                name="awardround_due_after_open",
                violation_error_message=_("Hạn gửi phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["board", "year", "title"],
                name="awardround_title_once_per_board_year",
                violation_error_message=_("Ban đã có đợt xét cùng tên trong năm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("awards:round_detail", args=[self.pk])

    @property
    def unit_id(self) -> int:
        return self.board_id
