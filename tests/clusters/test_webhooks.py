"""Webhooks (issue 20 item 2): a board registers receivers for events; deliveries are signed (HMAC), queued by
Celery, retried with backoff, logged with their answers, and can be sent again from the app."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from clusters.models import AuditEvent, DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookReceiver
from clusters.services import webhooks
from tests.factories import (
    BoardAdminFactory,
    BoardFactory,
    UnitFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    sign_as,
)


class Receiver:
    """A receiving system on 127.0.0.1 that answers each POST with the next status of `answers` (then 200)."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.calls: list[tuple[dict, bytes, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.answers.pop(0) if receiver.answers else 200
                receiver.calls.append(({k.lower(): v for k, v in self.headers.items()}, body, status))
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"tam thoi khong nhan duoc")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/thidua"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_receivers(settings):
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    opened = []

    def open_receiver(answers=()):
        receiver = Receiver(answers)
        opened.append(receiver)
        return receiver

    yield open_receiver
    for receiver in opened:
        receiver.close()


def _register(board, url, events=(WebhookEvent.PLEDGE_SEALED,), name="LGSP tỉnh"):
    return webhooks.receiver_create(actor=BoardAdminFactory(unit=board), name=name, url=url, events=list(events))


def _seal(group, units):
    pledge = make_open_pledge(group)
    for unit in units[1:]:
        sign_as(leader_of(unit), pledge)
    sign_as(leader_of(units[0]), pledge)
    return pledge


def _verify(secret: str, headers: dict, body: bytes) -> bool:
    """What a receiver does: recompute the HMAC over "<timestamp>.<body>" and compare in constant time."""
    expected = hmac.new(secret.encode(), headers["x-thidua-timestamp"].encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["x-thidua-signature"], "sha256=" + expected.hexdigest())


# --- Registering ------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["http://lgsp.daklak.gov.vn/nhan", "https://127.0.0.1/nhan", "https://localhost/nhan", "ftp://x/y"]
)
def test_a_receiver_on_plain_http_or_inside_the_servers_network_is_refused(url):
    board = BoardFactory()

    with pytest.raises(ValidationError) as refusal:
        _register(board, url)

    assert "https://" in str(refusal.value) or "mạng nội bộ" in str(refusal.value)
    assert not WebhookReceiver.objects.exists()


@pytest.mark.django_db
def test_registering_is_audited_and_another_boards_administrator_cannot_change_it(local_receivers):
    board = BoardFactory()
    receiver = _register(board, local_receivers().url)

    assert len(receiver.secret) == 64
    assert AuditEvent.objects.filter(action="webhook.create", target_id=str(receiver.pk)).exists()
    with pytest.raises(PermissionDenied):
        webhooks.receiver_update(
            actor=BoardAdminFactory(unit=BoardFactory()),
            receiver=receiver,
            name="Chiếm quyền",
            url=receiver.url,
            events=receiver.events,
            is_active=True,
        )


# --- Emitting -----------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_sealed_pledge_queues_its_event_for_the_organising_boards_subscribed_receivers_only(local_receivers):
    group, units = make_group_year(year=2023, size=3)
    subscribed = _register(group.organizer, local_receivers().url)
    _register(group.organizer, local_receivers().url, events=[WebhookEvent.DECISION_ISSUED], name="Chỉ quyết định")
    elsewhere = _register(BoardFactory(), local_receivers().url, name="Ban khác")

    pledge = _seal(group, units)

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.receiver == subscribed and delivery.event == WebhookEvent.PLEDGE_SEALED
    assert delivery.payload["pledge"] == pledge.pk and delivery.payload["year"] == 2023
    assert not elsewhere.deliveries.exists()


@pytest.mark.django_db
def test_a_proposal_moving_on_queues_its_status_change_for_the_boards_over_its_unit(local_receivers):
    from awards.services import workflow
    from tests.factories import ProposalFactory, ReviewerFactory, attach_dossier

    province = UnitFactory()
    board = BoardFactory(parent=province)
    agency = UnitFactory(kind="agency", parent=province)
    receiver = _register(board, local_receivers().url, events=[WebhookEvent.PROPOSAL_STATUS])
    proposal = ProposalFactory(proposing_unit=agency, status="submitted")
    attach_dossier(proposal)

    workflow.proposal_start_review(actor=ReviewerFactory(unit=board), proposal=proposal)

    (delivery,) = receiver.deliveries.all()
    assert delivery.payload["from"] == "submitted" and delivery.payload["to"] == "under_review"


# --- Delivering ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_receiver_that_fails_twice_gets_the_event_on_the_third_try_once_signed_and_logged(local_receivers):
    server = local_receivers(answers=[503, 500])
    group, units = make_group_year(year=2023, size=2)
    receiver = _register(group.organizer, server.url)
    _seal(group, units)
    delivery = WebhookDelivery.objects.get()

    for _ in range(5):  # the task's retries, and two more as a duplicated task would
        webhooks.webhook_deliver(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert [status for _, _, status in server.calls] == [503, 500, 200]
    assert [a.status_code for a in delivery.attempt_log.order_by("number")] == [503, 500, 200]
    assert "tam thoi khong nhan duoc" in delivery.attempt_log.get(number=1).response
    headers, body, _ = server.calls[-1]
    assert _verify(receiver.secret, headers, body)
    assert not _verify("khoa-sai", headers, body)
    document = json.loads(body)
    assert document["event"] == "pledge.sealed" and document["id"] == headers["x-thidua-delivery"]
    assert len({h["x-thidua-delivery"] for h, _, _ in server.calls}) == 1  # one event id on every try


@pytest.mark.django_db
def test_after_the_last_attempt_a_delivery_is_failed_and_can_be_sent_again_from_the_app(
    local_receivers, settings, client, login
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    server = local_receivers(answers=[500, 500])
    group, units = make_group_year(year=2023, size=2)
    receiver = _register(group.organizer, server.url)
    _seal(group, units)
    delivery = WebhookDelivery.objects.get()
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED

    login(BoardAdminFactory(unit=group.organizer))
    page = client.get(reverse("clusters:webhook_detail", args=[receiver.pk])).content.decode()
    assert "Gửi không thành công" in page and "HTTP 500" in page
    client.post(reverse("clusters:webhook_replay", args=[delivery.pk]))

    replay = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert replay.replay_of == delivery and replay.event_id == delivery.event_id
    webhooks.webhook_deliver(delivery_id=replay.pk)
    replay.refresh_from_db()
    assert replay.status == DeliveryStatus.DELIVERED
    assert AuditEvent.objects.filter(action="webhook.replay").exists()


@pytest.mark.django_db
def test_another_boards_administrator_neither_reads_nor_replays_a_receiver(local_receivers, client, login):
    group, units = make_group_year(year=2023, size=2)
    receiver = _register(group.organizer, local_receivers().url)
    _seal(group, units)
    delivery = WebhookDelivery.objects.get()
    login(BoardAdminFactory(unit=BoardFactory()))

    assert client.get(reverse("clusters:webhook_detail", args=[receiver.pk])).status_code == 403
    assert client.post(reverse("clusters:webhook_replay", args=[delivery.pk])).status_code == 403
    assert receiver.name not in client.get(reverse("clusters:webhook_list")).content.decode()
    assert WebhookDelivery.objects.count() == 1


# --- With a real Celery worker ---------------------------------------------------------------------------------
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_with_backoff_and_delivers_on_the_third_try_once(local_receivers, settings, tmp_path):
    from config.celery import app as celery_app
    from tests.emulation.test_report_worker import start_worker, stop_worker

    server = local_receivers(answers=[500, 502])
    group, units = make_group_year(year=2023, size=2)
    _register(group.organizer, server.url)
    celery_app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.control.purge()
    process = start_worker(
        settings,
        tmp_path / "worker.log",
        name="webhook-test@localhost",
        env={"WEBHOOK_ALLOW_HTTP": "true", "WEBHOOK_ALLOW_PRIVATE_HOSTS": "true", "WEBHOOK_RETRY_SECONDS": "1"},
    )
    try:
        with transaction.atomic():
            _seal(group, units)  # the event is queued when this commits
        delivery = WebhookDelivery.objects.get()
        deadline = time.monotonic() + 60
        while delivery.status == DeliveryStatus.PENDING and time.monotonic() < deadline:
            time.sleep(0.5)
            delivery.refresh_from_db()
        time.sleep(2)  # nothing more arrives after the success
    finally:
        stop_worker(process)
        celery_app.conf.task_always_eager = True

    assert delivery.status == DeliveryStatus.DELIVERED, (tmp_path / "worker.log").read_text(errors="replace")
    assert [status for _, _, status in server.calls] == [500, 502, 200]
    first, second, third = (a.at for a in delivery.attempt_log.order_by("number"))
    assert (second - first).total_seconds() >= 0.9 and (third - second).total_seconds() >= 3.5  # 1 s, then 4 s


@pytest.mark.django_db
def test_an_issued_decision_queues_its_event_for_the_issuing_boards_receivers(local_receivers):
    from awards.services.decisions import decision_issue
    from tests.awards.test_decisions import DAY, approved, draft
    from tests.factories import make_award_world

    world = make_award_world()
    receiver = _register(world.province_board, local_receivers().url, events=[WebhookEvent.DECISION_ISSUED])
    decision = draft(world, approved(world, 3))
    assert not receiver.deliveries.exists()  # a draft is nobody's business yet

    decision_issue(actor=world.province_reviewer, decision=decision, number="61/QĐ-UBND", date=DAY)

    (delivery,) = receiver.deliveries.all()
    assert delivery.event == WebhookEvent.DECISION_ISSUED
    assert delivery.payload["number"] == "61/QĐ-UBND" and delivery.payload["records"] == 3
    assert delivery.payload["register_numbers"] == [1, 3]
