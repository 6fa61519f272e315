"""Outgoing dossiers (khen cao): a provincial board bundles the state-level proposals it has reviewed and sends
them to the central board, which records its outcome per recipient; the province sees the outcome come back."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit
from clusters.text import TEXT_MAX_LENGTH, length_at_most

from .proposals import Proposal, _year_plausible


class Dispatch(models.Model):
    """One outgoing dossier (hồ sơ đề nghị khen cao) from a board to the central board."""

    sender = models.ForeignKey(Unit, verbose_name=_("ban gửi"), on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        Unit, verbose_name=_("nơi nhận"), on_delete=models.PROTECT, related_name="received_dispatches"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    number = models.CharField(_("số tờ trình"), max_length=100)
    title = models.CharField(_("trích yếu"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True, max_length=TEXT_MAX_LENGTH)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ khen cao")
        verbose_name_plural = _("hồ sơ khen cao")
        ordering = ["-sent_at", "-id"]
        constraints = [
            _year_plausible("dispatch_year_plausible"),
            length_at_most("body", TEXT_MAX_LENGTH, name="dispatch_body_length"),
            models.UniqueConstraint(
                fields=["sender", "number"],
                name="dispatch_number_unique_per_sender",
                violation_error_message=_("Số tờ trình này đã được dùng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:dispatch_detail", args=[self.pk])

    @property
    def unit_id(self) -> int:
        return self.sender_id


class DispatchOutcome(models.TextChoices):
    PENDING = "pending", _("Chờ kết quả")
    GRANTED = "granted", _("Được khen thưởng")
    REFUSED = "refused", _("Không được khen thưởng")


class DispatchItem(models.Model):
    """One recipient of an outgoing dossier: its proposal and the central board's outcome."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="items")
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("đề nghị"), on_delete=models.PROTECT, related_name="dispatch_item"
    )
    outcome = models.CharField(
        _("kết quả"), max_length=10, choices=DispatchOutcome.choices, default=DispatchOutcome.PENDING
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("ngày ghi kết quả"), null=True, blank=True)

    class Meta:
        verbose_name = _("đối tượng đề nghị khen cao")
        verbose_name_plural = _("đối tượng đề nghị khen cao")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="granted") | ~Q(decision_number=""),
                name="dispatchitem_granted_has_decision",
                violation_error_message=_("Được khen thưởng phải có số quyết định."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="refused") | ~Q(note=""),
                name="dispatchitem_refused_has_reason",
                violation_error_message=_("Không được khen thưởng phải ghi rõ lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispatch.number}: {self.proposal}"
