"""Webhooks for a board's administrator: its receivers, what was sent to each and what it answered, and sending
an event again (issue 20 item 2)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.webhooks import ReceiverForm
from ..models import DeliveryStatus, WebhookEvent, WebhookReceiver
from ..selectors import webhooks as selectors
from ..services import webhooks as services
from ..web import add_form_errors, audit_page, paginate


def _receiver(request, pk):
    return get_object_or_404(WebhookReceiver.objects.select_related("board"), pk=pk)


def _delivery_receiver(request, pk):
    delivery = selectors.delivery_or_none(pk)
    if delivery is None:
        raise Http404
    return delivery.receiver


@permission_required("clusters.manage_webhooks", raise_exception=True)
def webhook_list(request):
    return render(
        request,
        "clusters/webhooks/list.html",
        {"page": paginate(request, selectors.receivers_for(request.user)), "events": WebhookEvent},
    )


@permission_required("clusters.manage_webhooks", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def webhook_create(request):
    form = ReceiverForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            receiver = create_once(
                request,
                lambda: services.receiver_create(
                    actor=request.user,
                    name=data["name"],
                    url=data["url"],
                    events=data["events"],
                    board=data.get("board"),
                ),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã đăng ký %(name)s. Sao chép khóa ký HMAC bên dưới.") % {"name": receiver})
            return redirect(receiver)
    return render(request, "clusters/form.html", {"form": form, "title": _("Đăng ký hệ thống nhận sự kiện")})


@permission_required("clusters.change_webhookreceiver", fn=_receiver, raise_exception=True)
def webhook_detail(request, pk):
    receiver = _receiver(request, pk)
    status = request.GET.get("trang-thai", "")
    status = status if status in DeliveryStatus.values else ""
    return render(
        request,
        "clusters/webhooks/detail.html",
        {
            "receiver": receiver,
            "page": paginate(request, selectors.deliveries_of(receiver, status=status)),
            "status": status,
            "statuses": DeliveryStatus.choices,
            "audit": audit_page(request, receiver),
        },
    )


@permission_required("clusters.change_webhookreceiver", fn=_receiver, raise_exception=True)
@require_http_methods(["GET", "POST"])
def webhook_update(request, pk):
    receiver = _receiver(request, pk)
    form = ReceiverForm(request.POST or None, actor=request.user, instance=WebhookReceiver.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.receiver_update(
                actor=request.user,
                receiver=receiver,
                version=form.expected_version,
                name=data["name"],
                url=data["url"],
                events=data["events"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(receiver)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": receiver}})


@permission_required("clusters.change_webhookreceiver", fn=_delivery_receiver, raise_exception=True)
@require_POST
def webhook_replay(request, pk):
    delivery = selectors.delivery_or_none(pk)
    services.webhook_replay(actor=request.user, delivery=delivery)
    messages.success(request, _("Đã xếp hàng gửi lại sự kiện."))
    return redirect(delivery.receiver)
