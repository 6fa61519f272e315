"""Review inside the board (issue 18 item 2): the steps a dossier goes through between its submission and the
board's conclusion, configured per board.

- `ReviewConfig`: whether a board runs the steps (off: today's single reviewer), which optional steps it uses
  and the days each step may take.
- `StaffPosition`: the board's people at each step (văn thư, chuyên viên, trưởng phòng, lãnh đạo Ban). Board
  staff keep the reviewer role; the position is per board, so one person may hold several.
- `RoutingRule`: the board's routing table, which specialist handles which area (award type, level, unit).
- `DeclaredRelation`: the units a reviewer declares a relation with; with their own unit, the units whose
  dossiers they never handle (recusal, checked in the service and by a trigger on PostgreSQL).
- `ProposalReview`: where a dossier stands (step, holder, specialist, verdict, due date).
- `ReviewHolding`: the timeline, who held the dossier at which step, from when to when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit

from .catalogue import AwardLevel, AwardType
from .proposals import Proposal


class ReviewStep(models.TextChoices):
    INTAKE = "intake", _("Tiếp nhận, kiểm tra hồ sơ")
    ASSESSMENT = "assessment", _("Chuyên viên thẩm định")
    HEAD = "head", _("Trưởng phòng duyệt")
    LEADER = "leader", _("Lãnh đạo Ban duyệt")
    DONE = "done", _("Đã kết thúc")


class Position(models.TextChoices):
    CLERK = "clerk", _("Văn thư")
    SPECIALIST = "specialist", _("Chuyên viên")
    HEAD = "head", _("Trưởng phòng")
    LEADER = "leader", _("Lãnh đạo Ban")


class Verdict(models.TextChoices):
    MEETS = "meets", _("Đủ điều kiện")
    FAILS = "fails", _("Không đủ điều kiện")


def _days(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 90}),
        name=f"review_config_{field}_range",
        violation_error_message=_("Số ngày xử lý mỗi bước từ 1 đến 90."),
    )


class ReviewConfig(models.Model):
    """A board's review steps. Specialists always assess; the clerk, the head and the leader are optional (a
    small board runs with fewer: without a clerk its specialists receive the dossiers themselves)."""

    board = models.OneToOneField(
        Unit, verbose_name=_("Ban Thi đua - Khen thưởng"), on_delete=models.CASCADE, related_name="review_config"
    )
    enabled = models.BooleanField(
        _("thẩm định theo các bước"),
        default=False,
        help_text=_("Tắt: một chuyên viên thẩm định xử lý đề nghị từ khi nhận đến khi đồng ý (như trước)."),
    )
    uses_clerk = models.BooleanField(_("có bước văn thư tiếp nhận"), default=True)
    uses_head = models.BooleanField(_("có bước trưởng phòng duyệt"), default=True)
    uses_leader = models.BooleanField(_("có bước lãnh đạo Ban duyệt"), default=True)
    intake_days = models.PositiveSmallIntegerField(_("số ngày tiếp nhận"), default=2)
    assessment_days = models.PositiveSmallIntegerField(_("số ngày thẩm định"), default=7)
    head_days = models.PositiveSmallIntegerField(_("số ngày trưởng phòng duyệt"), default=3)
    leader_days = models.PositiveSmallIntegerField(_("số ngày lãnh đạo duyệt"), default=3)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy trình thẩm định")
        verbose_name_plural = _("quy trình thẩm định")
        constraints = [_days("intake_days"), _days("assessment_days"), _days("head_days"), _days("leader_days")]

    def __str__(self) -> str:
        return str(self.board)

    @property
    def steps(self) -> list[str]:
        steps = [ReviewStep.INTAKE, ReviewStep.ASSESSMENT]
        if self.uses_head:
            steps.append(ReviewStep.HEAD)
        if self.uses_leader:
            steps.append(ReviewStep.LEADER)
        return steps

    def days_for(self, step: str) -> int | None:
        return {
            ReviewStep.INTAKE: self.intake_days,
            ReviewStep.ASSESSMENT: self.assessment_days,
            ReviewStep.HEAD: self.head_days,
            ReviewStep.LEADER: self.leader_days,
        }.get(step)

    @property
    def intake_position(self) -> str:
        """Who receives the dossiers: the clerk, or the specialists on a board without one."""
        return Position.CLERK if self.uses_clerk else Position.SPECIALIST


class StaffPosition(models.Model):
    board = models.ForeignKey(
        Unit, verbose_name=_("Ban Thi đua - Khen thưởng"), on_delete=models.CASCADE, related_name="review_positions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="review_positions"
    )
    position = models.CharField(_("vị trí"), max_length=12, choices=Position.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vị trí thẩm định")
        verbose_name_plural = _("vị trí thẩm định")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user", "position"],
                name="review_position_once",
                violation_error_message=_("Cán bộ này đã giữ vị trí này."),
            ),
            models.CheckConstraint(condition=Q(position__in=Position.values), name="review_position_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_position_display()}"


class RoutingRule(models.Model):
    """One line of the board's routing table: dossiers of this area go to this specialist. The most specific
    matching line wins (unit, then award type, then level)."""

    board = models.ForeignKey(
        Unit, verbose_name=_("Ban Thi đua - Khen thưởng"), on_delete=models.CASCADE, related_name="review_routes"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chuyên viên"), on_delete=models.CASCADE, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), null=True, blank=True, on_delete=models.CASCADE
    )
    award_level = models.CharField(_("cấp khen thưởng"), max_length=20, choices=AwardLevel.choices, blank=True)
    area_unit = models.ForeignKey(
        Unit,
        verbose_name=_("địa bàn, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Đề nghị của đơn vị này và các đơn vị trực thuộc trực tiếp."),
    )

    class Meta:
        verbose_name = _("phân công theo lĩnh vực")
        verbose_name_plural = _("phân công theo lĩnh vực")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(award_type__isnull=False) | ~Q(award_level="") | Q(area_unit__isnull=False),
                name="routing_rule_has_area",
                violation_error_message=_("Chọn ít nhất một tiêu chí: danh hiệu, cấp khen thưởng hoặc đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.specialist}"


class DeclaredRelation(models.Model):
    """A reviewer's declared relation with a unit (former workplace, a relative working there, ...): they never
    handle its dossiers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="declared_relations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("quan hệ"), max_length=255)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quan hệ đã kê khai")
        verbose_name_plural = _("quan hệ đã kê khai")
        ordering = ["-declared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="declared_relation_once",
                violation_error_message=_("Đã kê khai quan hệ với đơn vị này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit}"


class ProposalReview(models.Model):
    """Where a dossier stands in its board's steps."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="review")
    board = models.ForeignKey(
        Unit, verbose_name=_("Ban Thi đua - Khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("bước"), max_length=12, choices=ReviewStep.choices, default=ReviewStep.INTAKE)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang giữ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên thẩm định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verdict = models.CharField(_("kết luận"), max_length=8, choices=Verdict.choices, blank=True)
    #: The rules' verdicts when the specialist concluded, each with the specialist's reason:
    #: [{"code", "article", "text", "status", "reason"}].
    verdict_reasons = models.JSONField(_("lý do theo từng điều kiện"), default=list, blank=True)
    verdict_note = models.TextField(_("ý kiến thẩm định"), blank=True, max_length=5000)
    step_started_at = models.DateTimeField(_("nhận bước lúc"))
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    reminded_on = models.DateField(_("đã nhắc ngày"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đang thẩm định")
        verbose_name_plural = _("hồ sơ đang thẩm định")
        constraints = [
            models.CheckConstraint(condition=Q(step__in=ReviewStep.values), name="proposal_review_step_valid"),
            models.CheckConstraint(
                condition=~Q(step=ReviewStep.ASSESSMENT) | Q(specialist__isnull=False, holder=F("specialist")),
                name="proposal_review_specialist_holds_assessment",
                violation_error_message=_("Ở bước thẩm định, hồ sơ do chuyên viên được phân công giữ."),
            ),
            models.CheckConstraint(
                condition=Q(step__in=[ReviewStep.INTAKE, ReviewStep.ASSESSMENT, ReviewStep.DONE]) | ~Q(verdict=""),
                name="proposal_review_verdict_before_approval",
                violation_error_message=_("Hồ sơ chỉ được trình duyệt khi đã có kết luận thẩm định."),
            ),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(specialist__isnull=False),
                name="proposal_review_verdict_by_specialist",
            ),
        ]
        indexes = [models.Index(fields=["board", "step"])]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.step}"


class ReviewHolding(models.Model):
    """One stretch of the timeline: who held the dossier, at which step, from when to when, and how it ended."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="review_holdings")
    step = models.CharField(_("bước"), max_length=12, choices=ReviewStep.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giữ hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("từ"))
    ended_at = models.DateTimeField(_("đến"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=30, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("quá trình giữ hồ sơ")
        verbose_name_plural = _("quá trình giữ hồ sơ")
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")), name="review_holding_ordered"
            ),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(ended_at__isnull=True), name="review_holding_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.step}"

    @property
    def duration(self):
        from django.utils import timezone

        return (self.ended_at or timezone.now()) - self.started_at
