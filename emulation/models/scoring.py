"""Year-end scoring of a cluster or bloc: self-scoring, verification and the data of the ranking.

- `ScoringRound`: the group's scoring for a year, against the SIGNED pledge's scoring table.
  While it is open, members score themselves; the chair closes it, which publishes every
  member's scores and the ranking to all members.
- `SelfAssessment`: one member unit's self-assessment (draft → submitted → verified).
- `CriterionScore`: the points a member gives itself on one criterion, with a justification,
  and the points the chair's staff verify (with the reason for any change).
- `ScoreAdjustment`: bonus or penalty points the chair adds on top of the scoring table.
- `TargetResult`: the member's actual value against one of the pledge's targets.
- `Evidence`: a file proving a score, stored under a random name, served only as a download.

The totals and the ranking are computed by the database (see `emulation.selectors.scoring`).
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from clusters.text import length_at_most, year_in_range

__all__ = [
    "AdjustmentKind",
    "AssessmentStatus",
    "CriterionScore",
    "Evidence",
    "RoundStatus",
    "ScoreAdjustment",
    "ScoringRound",
    "SelfAssessment",
    "TargetResult",
]


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã khóa sổ, công bố kết quả")


class ScoringRound(models.Model):
    group = models.ForeignKey(
        "clusters.EmulationGroup", verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="scoring_rounds"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    pledge = models.ForeignKey(
        "emulation.Pledge", verbose_name=_("giao ước"), on_delete=models.PROTECT, related_name="scoring_rounds"
    )
    status = FSMField(_("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt chấm điểm thi đua")
        verbose_name_plural = _("đợt chấm điểm thi đua")
        ordering = ["-year", "group__name"]
        constraints = [
            year_in_range("scoring_round_year_plausible"),
            models.UniqueConstraint(
                fields=["group", "year"],
                name="one_scoring_round_per_group_year",
                violation_error_message=_("Cụm, khối đã mở chấm điểm cho năm này."),
            ),
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="scoring_round_status_valid"),
            models.CheckConstraint(
                condition=Q(status=RoundStatus.OPEN) | Q(closed_at__isnull=False),
                name="closed_round_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} — {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    @transition(field=status, source=RoundStatus.OPEN, target=RoundStatus.CLOSED)
    def close(self):
        """Lock the scores and publish them and the ranking to every member."""


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    VERIFIED = "verified", _("Đã thẩm định")


class SelfAssessment(models.Model):
    round = models.ForeignKey(
        ScoringRound, verbose_name=_("đợt chấm điểm"), on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey(
        "clusters.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="self_assessments"
    )
    status = FSMField(_("trạng thái"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    summary = models.TextField(_("tóm tắt kết quả"), blank=True, max_length=4000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bản tự chấm điểm")
        verbose_name_plural = _("bản tự chấm điểm")
        ordering = ["round", "unit__name"]
        constraints = [
            length_at_most("summary", 4000, name="assessment_summary_length"),
            models.UniqueConstraint(
                fields=["round", "unit"],
                name="one_assessment_per_unit_round",
                violation_error_message=_("Đơn vị đã có bản tự chấm điểm trong đợt này."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="self_assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="submitted_assessment_has_submitted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.round}"

    @property
    def group(self):
        return self.round.group

    @property
    def year(self) -> int:
        return self.round.year

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @transition(field=status, source=AssessmentStatus.DRAFT, target=AssessmentStatus.SUBMITTED)
    def submit(self):
        """The unit's leader sends the self-assessment; it is read-only for the unit afterwards."""

    @transition(
        field=status, source=[AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED], target=AssessmentStatus.VERIFIED
    )
    def verify(self):
        """The chair's staff confirm the (possibly adjusted) scores."""

    @transition(
        field=status, source=[AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED], target=AssessmentStatus.DRAFT
    )
    def return_to_unit(self):
        """The chair sends it back to the unit for corrections."""


class CriterionScore(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("bản tự chấm"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        "emulation.ScoringCriterion", verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2)
    justification = models.TextField(_("giải trình"), blank=True, max_length=2000)
    verified_points = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)
    adjustment_reason = models.TextField(_("lý do điều chỉnh"), blank=True, max_length=2000)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm theo tiêu chí")
        verbose_name_plural = _("điểm theo tiêu chí")
        ordering = ["assessment", "criterion__order", "criterion_id"]
        constraints = [
            length_at_most("justification", 2000, name="score_justification_length"),
            length_at_most("adjustment_reason", 2000, name="score_adjustment_reason_length"),
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="one_score_per_criterion",
                violation_error_message=_("Tiêu chí này đã được chấm."),
            ),
            models.CheckConstraint(
                condition=Q(self_points__gte=0),
                name="self_points_non_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(verified_points__isnull=True) | Q(verified_points__gte=0),
                name="verified_points_non_negative",
                violation_error_message=_("Điểm không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(verified_points__isnull=True)
                | Q(verified_points=models.F("self_points"))
                | ~Q(adjustment_reason=""),
                name="adjusted_score_has_reason",
                violation_error_message=_("Phải nêu lý do khi điều chỉnh điểm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"

    @property
    def points(self):
        return self.verified_points if self.verified_points is not None else self.self_points

    @property
    def is_adjusted(self) -> bool:
        return self.verified_points is not None and self.verified_points != self.self_points


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class ScoreAdjustment(models.Model):
    """Bonus or penalty points the chair adds to a member's total, with the reason."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("bản tự chấm"), on_delete=models.CASCADE, related_name="adjustments"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=AdjustmentKind.choices)
    #: The bonus or penalty row of the pledge's scoring table the points are given under: it bounds them
    #: (with the points the unit claimed on that row). Empty only on rows written before the bound existed;
    #: PostgreSQL refuses a new one without it (migration 0004).
    criterion = models.ForeignKey(
        "emulation.ScoringCriterion",
        verbose_name=_("dòng điểm thưởng, điểm trừ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    points = models.DecimalField(_("số điểm"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("lý do"), max_length=500)
    basis = models.CharField(
        _("căn cứ, minh chứng"),
        max_length=500,
        blank=True,
        help_text=_("Văn bản, quyết định hoặc tài liệu chứng minh (số, ngày, cơ quan ban hành)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điểm cộng, điểm trừ")
        verbose_name_plural = _("điểm cộng, điểm trừ")
        ordering = ["assessment", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0),
                name="adjustment_points_positive",
                violation_error_message=_("Số điểm phải lớn hơn 0."),
            ),
            models.CheckConstraint(condition=Q(kind__in=AdjustmentKind.values), name="adjustment_kind_valid"),
            models.CheckConstraint(
                condition=~Q(reason=""), name="adjustment_has_reason", violation_error_message=_("Phải nêu lý do.")
            ),
            models.CheckConstraint(
                condition=Q(criterion__isnull=True) | ~Q(basis=""),
                name="adjustment_has_basis",
                violation_error_message=_("Phải nêu căn cứ, minh chứng của điểm cộng, điểm trừ."),
            ),
        ]

    def __str__(self) -> str:
        sign = "+" if self.kind == AdjustmentKind.BONUS else "−"
        return f"{sign}{self.points}: {self.reason}"


class TargetResult(models.Model):
    """A member's actual result against one of the pledge's targets."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("bản tự chấm"), on_delete=models.CASCADE, related_name="results"
    )
    target = models.ForeignKey(
        "emulation.PledgeTarget", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="results"
    )
    actual_value = models.DecimalField(_("kết quả thực hiện"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả thực hiện chỉ tiêu")
        verbose_name_plural = _("kết quả thực hiện chỉ tiêu")
        ordering = ["assessment", "target__order", "target_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "target"],
                name="one_result_per_target",
                violation_error_message=_("Đã nhập kết quả cho chỉ tiêu này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.indicator}: {self.actual_value}"


def evidence_upload_to(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: the original name is kept only in the database."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"evidence/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    score = models.ForeignKey(
        CriterionScore, verbose_name=_("điểm theo tiêu chí"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["score", "uploaded_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty")]

    def __str__(self) -> str:
        return self.original_name
