"""Award decisions (Quyết định khen thưởng) as records of their own, and the register (sổ vàng) they number.

A decision is drafted by a board (its issuing authority), gathers approved proposals, and is issued once: every
award record it grants is created then, each with the next number of the authority's register for the year of the
decision (`RegisterCounter`, locked while numbers are taken). A decision, or one record of it, is revoked (thu hồi)
by a revoking decision with a reason; the records stay, marked revoked.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from clusters.models import Unit
from clusters.text import length_at_most

from .proposals import Proposal

LEGAL_GROUNDS_MAX = 5000


def new_public_code() -> str:
    """The unguessable part of the public page's link (printed as a QR code on each certificate)."""
    return secrets.token_urlsafe(18)


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    REVOKED = "revoked", _("Đã thu hồi")


class Decision(models.Model):
    """A decision granting awards (Quyết định khen thưởng): who issues it, who signs it, what it grants."""

    authority = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    decided_by = models.CharField(
        _("cấp quyết định"), max_length=255, blank=True, help_text=_("Ví dụ: Chủ tịch Ủy ban nhân dân tỉnh.")
    )
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    legal_grounds = models.TextField(_("căn cứ"), blank=True, max_length=LEGAL_GROUNDS_MAX)
    status = FSMField(_("trạng thái"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    public_code = models.CharField(_("mã công bố"), max_length=40, unique=True, default=new_public_code, editable=False)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True, max_length=2000)
    revoked_by_number = models.CharField(_("số quyết định thu hồi"), max_length=100, blank=True)
    revoked_by_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-created_at", "-id"]
        constraints = [
            length_at_most("legal_grounds", LEGAL_GROUNDS_MAX, name="decision_legal_grounds_length"),
            length_at_most("revocation_reason", 2000, name="decision_revocation_reason_length"),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(date__isnull=False)),
                name="decision_issued_has_number_and_date",
                violation_error_message=_("Quyết định đã ban hành phải có số và ngày."),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | (~Q(revocation_reason="") & ~Q(revoked_by_number="")),
                name="decision_revoked_has_reason",
                violation_error_message=_("Thu hồi quyết định phải có lý do và số quyết định thu hồi."),
            ),
            models.UniqueConstraint(
                fields=["authority", "number"],
                condition=~Q(number=""),
                name="decision_number_unique_per_authority",
                violation_error_message=_("Cơ quan này đã có quyết định mang số này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('Dự thảo')} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:decision_detail", args=[self.pk])

    @property
    def unit_id(self) -> int:
        return self.authority_id

    @property
    def is_draft(self) -> bool:
        return self.status == DecisionStatus.DRAFT

    @transition(field=status, source=DecisionStatus.DRAFT, target=DecisionStatus.ISSUED)
    def issue(self):
        pass

    @transition(field=status, source=DecisionStatus.ISSUED, target=DecisionStatus.REVOKED)
    def revoke(self, *, reason: str, number: str, date):
        self.revocation_reason = reason
        self.revoked_by_number = number
        self.revoked_by_date = date


class DecisionEntry(models.Model):
    """An approved proposal the decision grants (one decision per proposal)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("đề nghị"), on_delete=models.PROTECT, related_name="decision_entry"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị trong quyết định")
        verbose_name_plural = _("đề nghị trong quyết định")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.proposal_id}"


class RegisterCounter(models.Model):
    """The last number taken in an authority's register (sổ vàng) for a year; locked FOR UPDATE while issuing."""

    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ vàng")
        verbose_name_plural = _("sổ vàng")
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="register_counter_once")]

    def __str__(self) -> str:
        return f"{self.authority_id}/{self.year}: {self.last_number}"
