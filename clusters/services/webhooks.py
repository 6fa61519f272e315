"""Webhooks: registering a board's receivers, queuing an event for them once the change commits, delivering it
signed (HMAC-SHA256 over the timestamp and body), retrying with backoff, and sending it again from the app.

A delivery is sent by one worker at a time: the row is locked (SKIP LOCKED) for the POST, so a duplicated task or
a second worker never sends it twice, and a delivered one is never sent again except by an explicit replay, which
keeps the event's id so receivers can drop what they already have."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..concurrency import claim_version
from ..models import DeliveryStatus, Unit, User, WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookReceiver
from ..rules import require
from .audit import record_audit

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-ThiDua-Signature"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What a receiver recomputes: "sha256=" + HMAC-SHA256(secret, "<timestamp>." + body), hex."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff_seconds(attempt: int) -> int:
    """Seconds before the attempt after `attempt`: the base, then four times longer each time (1, 4, 16, 64 × base),
    capped at a day."""
    return min(settings.WEBHOOK_RETRY_SECONDS * 4 ** (attempt - 1), 86_400)


def check_receiver_url(url: str) -> None:
    """Refuse what would make the server call into its own network (SSRF): only https (http where the deployment
    allows it), and no host resolving to a private, loopback or link-local address unless allowed."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationError({"url": _("Địa chỉ nhận phải bắt đầu bằng https://.")})
    if settings.WEBHOOK_ALLOW_PRIVATE_HOSTS:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError:
        raise ValidationError({"url": _("Không tìm thấy máy chủ %(host)s.") % {"host": parts.hostname}}) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise ValidationError({"url": _("Không được gửi tới địa chỉ trong mạng nội bộ (%(ip)s).") % {"ip": ip}})


def _check_events(events) -> list[str]:
    events = list(dict.fromkeys(events or []))
    if not events or set(events) - set(WebhookEvent.values):
        raise ValidationError({"events": _("Hãy chọn ít nhất một sự kiện.")})
    return events


@transaction.atomic
def receiver_create(*, actor: User, name: str, url: str, events, board: Unit | None = None) -> WebhookReceiver:
    require(actor, "clusters.manage_webhooks")
    board = board if actor.is_system_admin and board is not None else actor.unit
    if board is None or board.kind != "board":
        raise ValidationError(_("Chỉ Ban Thi đua - Khen thưởng đăng ký hệ thống nhận sự kiện."))
    check_receiver_url(url)
    receiver = WebhookReceiver(
        board=board, name=name, url=url, events=_check_events(events), secret=secrets.token_hex(32), created_by=actor
    )
    receiver.full_clean()
    receiver.save()
    record_audit(
        actor=actor,
        action="webhook.create",
        target=receiver,
        unit=board,
        summary=_("Đăng ký hệ thống nhận sự kiện %(name)s (%(url)s)") % {"name": name, "url": url},
        data={"events": receiver.events},
    )
    return receiver


@transaction.atomic
def receiver_update(
    *, actor: User, receiver: WebhookReceiver, version=None, name: str, url: str, events, is_active: bool
) -> WebhookReceiver:
    receiver = WebhookReceiver.objects.select_for_update().get(pk=receiver.pk)
    require(actor, "clusters.change_webhookreceiver", receiver)
    claim_version(receiver, version)
    check_receiver_url(url)
    before = {"name": receiver.name, "url": receiver.url, "events": receiver.events, "is_active": receiver.is_active}
    receiver.name, receiver.url, receiver.events, receiver.is_active = name, url, _check_events(events), is_active
    receiver.full_clean()
    receiver.save()
    record_audit(
        actor=actor,
        action="webhook.update",
        target=receiver,
        unit=receiver.board,
        summary=_("Sửa hệ thống nhận sự kiện %(name)s") % {"name": name},
        data={"before": before},
    )
    return receiver


def _enqueue(delivery_ids: list[int]) -> None:
    from ..tasks import deliver_webhook

    def send() -> None:
        for pk in delivery_ids:
            try:
                deliver_webhook.apply_async(args=[pk], retry=False)
            except Exception:  # noqa: BLE001 — the queue is down: the sweep (resend_stale) sends it later
                logger.warning("Queue unavailable: webhook delivery %s waits for the sweep", pk)

    transaction.on_commit(send)


def webhook_emit(*, event: str, boards, payload: dict) -> list[WebhookDelivery]:
    """Queue `event` with `payload` for the active receivers of `boards` that subscribed to it; sent once the
    caller's transaction commits (nothing is sent for a change that rolls back)."""
    receivers = [r for r in WebhookReceiver.objects.filter(board__in=boards, is_active=True) if event in r.events]
    if not receivers:
        return []
    event_id = None
    deliveries = []
    for receiver in receivers:
        delivery = WebhookDelivery.objects.create(
            receiver=receiver, event=event, payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        )
        event_id = event_id or delivery.event_id
        if delivery.event_id != event_id:  # one event, one id for every receiver
            delivery.event_id = event_id
            delivery.save(update_fields=["event_id"])
        deliveries.append(delivery)
    _enqueue([d.pk for d in deliveries])
    return deliveries


def _body(delivery: WebhookDelivery) -> bytes:
    document = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str, str]:
    """POST `body`; (status code, the answer's first 2,000 characters, error). Redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - checked URL
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, response.read(2000).decode(errors="replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(2000).decode(errors="replace"), ""
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, "", str(getattr(error, "reason", error))[:500]


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """Send a pending delivery once: None if another worker holds it or it is no longer pending. After a failed
    attempt it stays pending with `next_attempt_at` (the task retries then) until the last attempt fails it."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("receiver")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return None
        receiver = delivery.receiver
        number = delivery.attempts + 1
        if not receiver.is_active:
            status_code, answer, error = None, "", _("Hệ thống nhận đã bị tắt.")
        else:
            body = _body(delivery)
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "ThiDua-Webhook/1",
                "X-ThiDua-Event": delivery.event,
                "X-ThiDua-Delivery": str(delivery.event_id),
                "X-ThiDua-Timestamp": timestamp,
                SIGNATURE_HEADER: signature(receiver.secret, timestamp, body),
            }
            started = time.monotonic()
            try:
                check_receiver_url(receiver.url)  # the host may resolve elsewhere since it was registered
            except ValidationError as refusal:
                status_code, answer, error = None, "", "; ".join(refusal.messages)
            else:
                status_code, answer, error = _post(receiver.url, body, headers)
            duration = int((time.monotonic() - started) * 1000)
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            status_code=status_code,
            response=answer if receiver.is_active else "",
            error=error,
            duration_ms=duration if receiver.is_active else 0,
        )
        delivery.attempts = number
        now = timezone.now()
        if status_code is not None and 200 <= status_code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        elif number >= settings.WEBHOOK_MAX_ATTEMPTS or not receiver.is_active:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(number))
        delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
        return delivery


@transaction.atomic
def webhook_replay(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send an event again, as a new delivery with the same event id (the receiver may drop it if it has it)."""
    require(actor, "clusters.change_webhookreceiver", delivery.receiver)
    replay = WebhookDelivery.objects.create(
        receiver=delivery.receiver,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        replay_of=delivery,
        created_by=actor,
    )
    record_audit(
        actor=actor,
        action="webhook.replay",
        target=delivery.receiver,
        unit=delivery.receiver.board,
        summary=_("Gửi lại sự kiện %(event)s tới %(name)s")
        % {"event": delivery.get_event_display(), "name": delivery.receiver.name},
        data={"delivery": delivery.pk, "replay": replay.pk},
    )
    _enqueue([replay.pk])
    return replay


def resend_stale(*, older_than_seconds: int = 300) -> int:
    """Queue again the pending deliveries whose next attempt is overdue (a task lost with the queue); the number."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    overdue = Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    stale = list(
        WebhookDelivery.objects.filter(overdue, status=DeliveryStatus.PENDING).values_list("pk", flat=True)[:1000]
    )
    with transaction.atomic():
        _enqueue(stale)
    return len(stale)
