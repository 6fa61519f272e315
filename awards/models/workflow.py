"""The way up and back: the covering submission, the deadlines, the history of each step."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit
from clusters.text import TEXT_MAX_LENGTH, length_at_most

from .catalogue import AwardType
from .proposals import Proposal, ProposalKind, ProposalStatus, _year_plausible


class Submission(models.Model):
    """The covering submission (tờ trình) that carries a batch of proposals up to the board."""

    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="award_submissions"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    number = models.CharField(_("số tờ trình"), max_length=100)
    title = models.CharField(_("trích yếu"), max_length=255)
    body = models.TextField(_("nội dung tờ trình"), blank=True, max_length=TEXT_MAX_LENGTH)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ngày trình"), default=timezone.now)

    class Meta:
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")
        ordering = ["-submitted_at"]
        constraints = [
            length_at_most("body", TEXT_MAX_LENGTH, name="submission_body_length"),
            _year_plausible("submission_year_plausible"),
            models.UniqueConstraint(
                fields=["proposing_unit", "number"],
                name="submission_number_unique_per_unit",
                violation_error_message=_("Số tờ trình này đã được dùng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class ProposalEvent(models.Model):
    """The proposal's history: each transition and comment, with who and when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=ProposalStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("ý kiến"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử đề nghị")
        verbose_name_plural = _("lịch sử đề nghị")
        ordering = ["created_at", "id"]
        constraints = [length_at_most("comment", 5000, name="proposal_event_comment_length")]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.action}"


class SubmissionDeadline(models.Model):
    """The last day a kind of proposal (optionally one award type) may reach the board for a year."""

    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=ProposalKind.choices)
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("danh hiệu, hình thức"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
        help_text=_("Để trống: áp dụng cho mọi danh hiệu, hình thức của loại này."),
    )
    due_date = models.DateField(_("hạn trình"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hạn trình hồ sơ")
        verbose_name_plural = _("hạn trình hồ sơ")
        ordering = ["-year", "kind"]
        constraints = [
            _year_plausible("deadline_year_plausible"),
            models.UniqueConstraint(
                fields=["year", "kind", "award_type"],
                condition=Q(award_type__isnull=False),
                name="deadline_once_per_kind_award",
                violation_error_message=_("Đã có hạn trình cho loại khen thưởng này."),
            ),
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=Q(award_type__isnull=True),
                name="deadline_once_per_kind",
                violation_error_message=_("Đã có hạn trình chung cho loại khen thưởng này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.due_date:%d/%m/%Y}"
