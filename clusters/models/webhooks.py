"""Webhooks: a board's receivers of events (a decision issued, a proposal's status changed, a pledge sealed), and
each delivery with every attempt and its answer. Deliveries are signed (HMAC-SHA256), queued by Celery, retried
with backoff, and can be sent again from the app (clusters/services/webhooks.py)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .units import Unit


class WebhookEvent(models.TextChoices):
    DECISION_ISSUED = "decision.issued", _("Quyết định khen thưởng được ban hành")
    PROPOSAL_STATUS = "proposal.status_changed", _("Đề nghị khen thưởng chuyển trạng thái")
    PLEDGE_SEALED = "pledge.sealed", _("Giao ước thi đua được ký kết xong và niêm phong")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang gửi")
    DELIVERED = "delivered", _("Đã nhận")
    FAILED = "failed", _("Gửi không thành công")


class WebhookReceiver(models.Model):
    board = models.ForeignKey(
        Unit, verbose_name=_("ban thi đua - khen thưởng"), on_delete=models.PROTECT, related_name="webhook_receivers"
    )
    name = models.CharField(_("tên hệ thống nhận"), max_length=200)
    url = models.URLField(_("địa chỉ nhận (URL)"), max_length=500)
    events = models.JSONField(_("sự kiện"), default=list)
    secret = models.CharField(_("khóa ký HMAC"), max_length=64, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hệ thống nhận sự kiện")
        verbose_name_plural = _("hệ thống nhận sự kiện")
        ordering = ["board_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="webhook_receiver_name_unique_per_board"),
            models.CheckConstraint(condition=~Q(secret=""), name="webhook_receiver_has_secret"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("clusters:webhook_detail", args=[self.pk])


class WebhookDelivery(models.Model):
    receiver = models.ForeignKey(WebhookReceiver, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("sự kiện"), max_length=40, choices=WebhookEvent.choices)
    #: The event's identity, the same on every delivery of it (a replay included): receivers drop repeats by it.
    event_id = models.UUIDField(_("mã sự kiện"), default=uuid.uuid4)
    payload = models.JSONField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    replay_of = models.ForeignKey(
        "self", verbose_name=_("gửi lại của"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần gửi sự kiện")
        verbose_name_plural = _("lần gửi sự kiện")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["receiver", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False), name="webhook_delivered_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} → {self.receiver_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery and what the receiver answered."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("lần thứ"))
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("mã trả lời HTTP"), null=True, blank=True)
    response = models.TextField(_("trả lời (đoạn đầu)"), blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)

    class Meta:
        ordering = ["delivery_id", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_number_unique")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"
