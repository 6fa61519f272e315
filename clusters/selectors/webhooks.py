"""Webhook receivers and their deliveries as a board's administrator reads them."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import User, WebhookAttempt, WebhookDelivery, WebhookReceiver


def receivers_for(actor: User) -> QuerySet:
    receivers = (
        WebhookReceiver.objects.select_related("board")
        .annotate(
            failed=Count("deliveries", filter=Q(deliveries__status="failed")),
            pending=Count("deliveries", filter=Q(deliveries__status="pending")),
        )
        .order_by("board__name", "name", "pk")
    )
    return receivers if actor.is_system_admin else receivers.filter(board_id=actor.unit_id)


def deliveries_of(receiver: WebhookReceiver, *, status: str = "") -> QuerySet:
    deliveries = receiver.deliveries.prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
    )
    return deliveries.filter(status=status) if status else deliveries


def delivery_or_none(pk: int) -> WebhookDelivery | None:
    return WebhookDelivery.objects.select_related("receiver").filter(pk=pk).first()
