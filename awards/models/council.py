"""The award council (Hội đồng Thi đua - Khen thưởng) of a board: its members for a term, its meetings (sessions)
with the proposals on their agenda, and the secret vote.

Secrecy: a member's ballot (`CouncilBallot`) holds only what was chosen, under a random key, with no voter, no
time and no order a page could read; that the member has voted is a separate row (`CouncilVoteCast`), unique per
session and member, written in the same transaction. Nothing links the two.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit

from .proposals import Proposal


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE = "vice", _("Phó Chủ tịch Hội đồng")
    MEMBER = "member", _("Ủy viên")


class Council(models.Model):
    """A board's award council for one term."""

    board = models.ForeignKey(Unit, verbose_name=_("ban thi đua"), on_delete=models.PROTECT, related_name="councils")
    name = models.CharField(_("tên Hội đồng"), max_length=255)
    term_start = models.DateField(_("nhiệm kỳ từ ngày"))
    term_end = models.DateField(_("nhiệm kỳ đến ngày"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Hội đồng Thi đua - Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua - Khen thưởng")
        ordering = ["-term_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")),
                name="council_term_ordered",
                violation_error_message=_("Ngày kết thúc nhiệm kỳ không được trước ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.term_start:%d/%m/%Y}–{self.term_end:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("awards:council_detail", args=[self.pk])

    @property
    def unit_id(self) -> int:
        return self.board_id


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("chức danh trong Hội đồng"), max_length=8, choices=CouncilRole.choices)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                name="councilmember_once",
                violation_error_message=_("Người này đã là thành viên Hội đồng."),
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chair"),
                name="councilmember_one_chair",
                violation_error_message=_("Hội đồng đã có Chủ tịch."),
            ),
            models.CheckConstraint(condition=Q(role__in=["chair", "vice", "member"]), name="councilmember_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name} — {self.get_role_display()}"


class VoteMode(models.TextChoices):
    PER_PROPOSAL = "proposal", _("Bỏ phiếu từng đề nghị")
    PER_LIST = "list", _("Bỏ phiếu cả danh sách")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc, có kết quả")
    NO_QUORUM = "no_quorum", _("Đã kết thúc, không đủ số thành viên")


class CouncilSession(models.Model):
    """A meeting of the council that votes on the proposals of its agenda."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("nội dung phiên họp"), max_length=255)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    mode = models.CharField(_("hình thức bỏ phiếu"), max_length=8, choices=VoteMode.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=SessionStatus.choices, default="open")
    #: Snapshots taken when the session opens: the members, and the quorum of the rule data in force.
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên"))
    quorum_numerator = models.PositiveSmallIntegerField(default=2)
    quorum_denominator = models.PositiveSmallIntegerField(default=3)
    quorum_source = models.CharField(_("căn cứ số thành viên tối thiểu"), max_length=500, blank=True)
    voters = models.PositiveSmallIntegerField(_("số thành viên đã bỏ phiếu"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(members_total__gt=0), name="councilsession_has_members"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(quorum_numerator__lte=F("quorum_denominator")),
                name="councilsession_quorum_fraction",
            ),
            models.CheckConstraint(
                condition=Q(voters__isnull=True) | Q(voters__lte=F("members_total")),
                name="councilsession_voters_within_members",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(closed_at__isnull=False) & Q(voters__isnull=False)),
                name="councilsession_closed_has_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("awards:council_session", args=[self.pk])

    @property
    def unit_id(self) -> int:
        return self.council.board_id

    @property
    def quorum_needed(self) -> int:
        """The fewest members who must vote: ceil(members × numerator / denominator)."""
        return -(-self.members_total * self.quorum_numerator // self.quorum_denominator)


class AgendaItem(models.Model):
    """A proposal on a session's agenda; its counts are written when the session closes with a quorum."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="council_items")
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị đưa ra Hội đồng")
        verbose_name_plural = _("đề nghị đưa ra Hội đồng")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "proposal"],
                name="agendaitem_once",
                violation_error_message=_("Đề nghị này đã có trong chương trình phiên họp."),
            )
        ]

    def __str__(self) -> str:
        return str(self.proposal)


class BallotChoice(models.TextChoices):
    FOR = "for", _("Đồng ý")
    AGAINST = "against", _("Không đồng ý")


class CouncilBallot(models.Model):
    """One secret ballot: for one agenda item, or (a vote on the list) for the whole session. No voter, no time;
    a random key so that no order follows the voters'."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=8, choices=BallotChoice.choices)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(choice__in=["for", "against"]), name="ballot_choice_valid")]

    def __str__(self) -> str:
        return str(self.pk)


class CouncilVoteCast(models.Model):
    """That a member has voted in a session (never what): one row per member and session."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="votes_cast")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="votes_cast")

    class Meta:
        verbose_name = _("thành viên đã bỏ phiếu")
        verbose_name_plural = _("thành viên đã bỏ phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="councilvotecast_once",
                violation_error_message=_("Bạn đã bỏ phiếu trong phiên họp này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.member_id}"
