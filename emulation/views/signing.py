"""Pledge pages of signing: opening for signing, amending, reminders, signing, the printable page and PDF,
and the public verification page."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from kombu.exceptions import OperationalError as BrokerError
from rules.contrib.views import permission_required

from clusters.services.accounts import signing_password_confirm
from clusters.web import add_form_errors, flash_errors

from ..forms.signing import AmendForm, SignForm
from ..models import Pledge, PledgeSignature, PledgeStatus
from ..selectors.pledges import criteria_sections, pledge_detail_queryset
from ..selectors.signing import pledge_fingerprint
from ..services import signing as services
from ..tasks import remind_pledge_signers
from .pledges import pledge_or_404, pledge_page_context

logger = logging.getLogger(__name__)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# --- Life cycle ---------------------------------------------------------------------------------------
@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_POST
def pledge_open(request, pk):
    pledge = pledge_or_404(request, pk)
    try:
        services.pledge_open_for_signing(actor=request.user, pledge=pledge)
        messages.success(
            request, _("Đã mở ký kết. Lãnh đạo các đơn vị thành viên có thể ký; đơn vị trưởng ký sau cùng.")
        )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(pledge)


@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pledge_amend(request, pk):
    pledge = pledge_or_404(request, pk)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_amend(actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.warning(
                request,
                _("Đã tạo phiên bản %(version)s. Các chữ ký trước bị hủy; sửa xong hãy mở ký lại.")
                % {"version": pledge.version},
            )
            return redirect(pledge)
    return render(
        request,
        "emulation/pledges/form.html",
        {"form": form, "pledge": pledge, "title": _("Sửa đổi giao ước đang ký kết")},
    )


@permission_required("emulation.remind_pledge", fn=pledge_or_404, raise_exception=True)
@require_POST
def pledge_remind(request, pk):
    pledge = pledge_or_404(request, pk)
    if pledge.status != PledgeStatus.OPEN:
        messages.error(request, _("Chỉ nhắc ký khi giao ước đang trong thời gian ký kết."))
        return redirect(pledge)
    arguments = [pledge.pk, request.user.pk, request.build_absolute_uri("/")]
    try:
        remind_pledge_signers.apply_async(args=arguments, retry=False)
    except (BrokerError, ConnectionError, OSError) as error:  # the queue is down: send them from here
        logger.warning("Queue unavailable (%s): reminding the signers of pledge %s in-process", error, pledge.pk)
        remind_pledge_signers.run(*arguments)
    messages.success(request, _("Đã gửi thư nhắc tới lãnh đạo các đơn vị chưa ký."))
    return redirect(pledge)


@permission_required("emulation.sign_pledge", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def pledge_sign(request, pk):
    pledge = get_object_or_404(pledge_detail_queryset(), pk=pk)
    context = pledge_page_context(request, pledge)
    current = pledge_fingerprint(pledge)
    form = SignForm(
        request.POST or None,
        initial={"version": pledge.version, "fingerprint": current, "position": request.user.position},
    )
    if request.method == "POST" and form.is_valid():
        # Guessing here locks signing for a while (clusters.services.accounts), never the login.
        try:
            signing_password_confirm(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            try:
                signature = services.pledge_sign(
                    actor=request.user,
                    pledge=pledge,
                    version=form.cleaned_data["version"],
                    password=form.cleaned_data["password"],
                    seen_fingerprint=form.cleaned_data["fingerprint"],
                    position=form.cleaned_data["position"],
                    ip_address=_client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    form.add_error(None, str(error))
                else:
                    add_form_errors(form, error)
            else:
                if signature.is_chair:
                    messages.success(request, _("Đã ký. Giao ước đã hoàn tất ký kết và được khóa."))
                else:
                    messages.success(request, _("Đã ký thay mặt %(unit)s.") % {"unit": signature.unit.name})
                return redirect(pledge)
    context.update({"form": form, "fingerprint": current})
    return render(request, "emulation/pledges/sign.html", context)


# --- Proof -----------------------------------------------------------------------------------------------
def _print_context(request, pledge: Pledge) -> dict:
    sections, total = criteria_sections(pledge)
    signatures = list(
        PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True)
        .select_related("unit")
        .order_by("is_chair", "signed_at")
    )
    return {
        "pledge": pledge,
        "sections": sections,
        "total_points": total,
        "signatures": signatures,
        "chair_signature": next((s for s in signatures if s.is_chair), None),
        "fingerprint": pledge_fingerprint(pledge),
        "verify_url": request.build_absolute_uri(reverse("pledges:verify", args=[pledge.verification_code])),
    }


@permission_required("emulation.view_pledge", fn=pledge_or_404, raise_exception=True)
def pledge_print(request, pk):
    pledge = get_object_or_404(pledge_detail_queryset(), pk=pk)
    return render(request, "emulation/pledges/print.html", _print_context(request, pledge))


@permission_required("emulation.view_pledge", fn=pledge_or_404, raise_exception=True)
def pledge_pdf(request, pk):
    from weasyprint import CSS, HTML  # loaded on the first PDF only: importing it takes a while

    pledge = get_object_or_404(pledge_detail_queryset(), pk=pk)
    html = render_to_string("emulation/pledges/pdf.html", _print_context(request, pledge), request=request)
    stylesheet = CSS(filename=finders.find("css/pledge_print.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[stylesheet])
    # Inline on purpose: a document we built, opened in the browser to read and print. Uploads, which may hold
    # anything, go out as attachments (`clusters.web.file_download`), whose sandbox would keep a PDF viewer out.
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giao-uoc-{pledge.year}-{pledge.group_id}.pdf"'
    return response


@login_not_required
@never_cache
def pledge_verify(request, code):
    """Public: anyone holding the printed code checks that the pledge in the database is intact."""
    pledge = get_object_or_404(Pledge.objects.select_related("group"), verification_code=code)
    result = services.pledge_verify(pledge=pledge)
    return render(request, "emulation/pledges/verify.html", {"pledge": pledge, "result": result})
