"""Celery tasks of the organisation's shared pieces: webhook deliveries (they call clusters/services/webhooks.py)."""

from __future__ import annotations

from celery import shared_task

from .models import DeliveryStatus
from .services import webhooks


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    """One attempt; while the delivery stays pending, the next one after its backoff."""
    delivery = webhooks.webhook_deliver(delivery_id=delivery_id)
    if delivery is None:
        return "skipped"
    if delivery.status == DeliveryStatus.PENDING:
        raise self.retry(countdown=webhooks.backoff_seconds(delivery.attempts))
    return delivery.status


@shared_task
def resend_stale_webhooks() -> int:
    return webhooks.resend_stale()
