"""The year-end ballot of a cluster or bloc among its member leaders.

`Ballot` with `BallotQuestion`, `BallotCandidate`, `BallotParticipation`, `BallotVote`, `BallotResult`:
the (secret or open) ballot for the leading unit, award proposals and next year's chair and vice-chair.
One participation per member unit (a database constraint); in a secret ballot a vote row does not point
to its voter.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from clusters.text import year_in_range

__all__ = [
    "Ballot",
    "BallotCandidate",
    "BallotParticipation",
    "BallotQuestion",
    "BallotResult",
    "BallotStatus",
    "BallotVote",
    "QuestionKind",
    "ThresholdBase",
]


class BallotStatus(models.TextChoices):
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc, công bố kết quả")


class ThresholdBase(models.TextChoices):
    MEMBERS = "members", _("Tổng số đơn vị thành viên")
    VOTES_CAST = "votes_cast", _("Số phiếu thu về")


class Ballot(models.Model):
    """The year-end vote of a group among its member leaders.

    The threshold for "elected" and whether the vote is secret are data, set when the
    ballot is opened (the legal threshold for a cluster's vote is UNCONFIRMED).
    """

    group = models.ForeignKey(
        "clusters.EmulationGroup", verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="ballots"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    is_secret = models.BooleanField(
        _("bỏ phiếu kín"), default=True, help_text=_("Phiếu kín: không lưu đơn vị nào đã chọn ai.")
    )
    threshold_percent = models.DecimalField(
        _("tỷ lệ phiếu tối thiểu để trúng (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        help_text=_("Ví dụ: 50 nghĩa là trên hoặc bằng 50%."),
    )
    threshold_base = models.CharField(
        _("tính trên"), max_length=12, choices=ThresholdBase.choices, default=ThresholdBase.MEMBERS
    )
    status = FSMField(_("trạng thái"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.OPEN)
    eligible_count = models.PositiveSmallIntegerField(_("số đơn vị có quyền bỏ phiếu"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    votes_cast = models.PositiveSmallIntegerField(_("số phiếu thu về"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc bỏ phiếu bình xét")
        verbose_name_plural = _("cuộc bỏ phiếu bình xét")
        ordering = ["-year", "group__name"]
        constraints = [
            year_in_range("ballot_year_plausible"),
            models.UniqueConstraint(
                fields=["group", "year"],
                name="one_ballot_per_group_year",
                violation_error_message=_("Cụm, khối đã tổ chức bỏ phiếu cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__gt=0) & Q(threshold_percent__lte=100),
                name="ballot_threshold_in_range",
                violation_error_message=_("Tỷ lệ phải lớn hơn 0 và không quá 100%."),
            ),
            models.CheckConstraint(condition=Q(status__in=BallotStatus.values), name="ballot_status_valid"),
            models.CheckConstraint(condition=Q(threshold_base__in=ThresholdBase.values), name="ballot_base_valid"),
            models.CheckConstraint(
                condition=Q(status=BallotStatus.OPEN) | (Q(closed_at__isnull=False) & Q(votes_cast__isnull=False)),
                name="closed_ballot_has_count",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == BallotStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == BallotStatus.CLOSED

    @transition(field=status, source=BallotStatus.OPEN, target=BallotStatus.CLOSED)
    def close(self):
        """Count the votes and publish the results."""


class QuestionKind(models.TextChoices):
    LEADING = "leading", _("Đơn vị dẫn đầu")
    AWARD = "award", _("Đề nghị khen thưởng")
    NEXT_CHAIR = "next_chair", _("Đơn vị trưởng năm sau")
    NEXT_VICE_CHAIR = "next_vice_chair", _("Đơn vị phó năm sau")


#: The questions that elect one unit: the leading unit, next year's chair and vice-chair.
SINGLE_SEAT_KINDS = [QuestionKind.LEADING, QuestionKind.NEXT_CHAIR, QuestionKind.NEXT_VICE_CHAIR]


class BallotQuestion(models.Model):
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("cuộc bỏ phiếu"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("nội dung bầu"), max_length=20, choices=QuestionKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    award_type_code = models.CharField(
        _("hình thức khen thưởng đề nghị"),
        max_length=40,
        blank=True,
        help_text=_("Mã hình thức khen thưởng sẽ đề nghị cho đơn vị trúng (ví dụ CO_THI_DUA_CHINH_PHU)."),
    )
    seats = models.PositiveSmallIntegerField(_("số đơn vị được chọn"), default=1)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung bỏ phiếu")
        verbose_name_plural = _("nội dung bỏ phiếu")
        ordering = ["ballot", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="question_seats_positive"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind__in=SINGLE_SEAT_KINDS) | Q(seats=1),
                name="single_seat_questions",
                violation_error_message=_("Chỉ chọn một đơn vị dẫn đầu, một đơn vị trưởng và một đơn vị phó."),
            ),
            models.UniqueConstraint(
                fields=["ballot", "kind"],
                condition=Q(kind__in=SINGLE_SEAT_KINDS),
                name="one_officer_question_per_ballot",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BallotCandidate(models.Model):
    question = models.ForeignKey(
        BallotQuestion, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="candidates"
    )
    unit = models.ForeignKey("clusters.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("đơn vị được bầu")
        verbose_name_plural = _("đơn vị được bầu")
        ordering = ["question", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["question", "unit"], name="candidate_once_per_question")]

    def __str__(self) -> str:
        return str(self.unit)


class BallotParticipation(models.Model):
    """That a member unit has voted: at most once per ballot (the database says so)."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("cuộc bỏ phiếu"), on_delete=models.CASCADE, related_name="participations"
    )
    unit = models.ForeignKey("clusters.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    voted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt bỏ phiếu")
        verbose_name_plural = _("lượt bỏ phiếu")
        ordering = ["ballot", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "unit"],
                name="one_vote_per_member_unit",
                violation_error_message=_("Đơn vị đã bỏ phiếu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.ballot}"


class BallotVote(models.Model):
    """One choice on one question. In a secret ballot `participation` is empty, the key is random
    and nothing records when the row was written, so a choice cannot be traced to its voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(BallotQuestion, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(BallotCandidate, on_delete=models.CASCADE, related_name="votes")
    participation = models.ForeignKey(
        BallotParticipation, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "candidate"],
                condition=Q(participation__isnull=False),
                name="open_vote_once_per_candidate",
            )
        ]

    def __str__(self) -> str:
        return str(self.pk)


class BallotResult(models.Model):
    """The count for one candidate, written when the ballot closes."""

    question = models.ForeignKey(BallotQuestion, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey("clusters.Unit", on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveSmallIntegerField(_("số phiếu"))
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    elected = models.BooleanField(_("trúng"), default=False)

    class Meta:
        verbose_name = _("kết quả bỏ phiếu")
        verbose_name_plural = _("kết quả bỏ phiếu")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "unit"], name="one_result_per_candidate"),
            models.UniqueConstraint(fields=["question", "position"], name="result_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.votes}"
