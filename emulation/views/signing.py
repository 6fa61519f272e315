"""Pledge pages of signing: opening for signing, amending, reminders, signing, the printable page and PDF,
and the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters import writers
from clusters.concurrency import create_once, creates_once
from clusters.forms.signatures import PdfCheckForm, SignedCopyForm
from clusters.models import SignedCopy, Unit
from clusters.services.accounts import signing_password_confirm
from clusters.services.signatures import check_signed_pdf, signed_copy_add
from clusters.web import add_form_errors, file_download, flash_errors

from ..forms.signing import AmendForm, PaperSignatureForm, SignForm
from ..models import Pledge, PledgeSignature, PledgeStatus, PledgeVersion, SignatureMethod
from ..selectors.pledges import criteria_sections, pledge_detail_queryset
from ..services import signing as services
from ..services.reminders import queue_or_run
from ..services.signing import reminder_plan
from ..tasks import remind_pledge_signers
from .pledges import pledge_or_404, pledge_page_context, refused


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
    refusal = services.amend_refusal(pledge)
    if refusal:
        return refused(request, pledge, title=_("Sửa đổi giao ước đang ký kết"), refusal=refusal)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_amend(
                actor=request.user,
                pledge=pledge,
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
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
    # Who can be reached is known now; the e-mails leave from the queue (or from here when it is down or eager).
    plan = reminder_plan(pledge)
    if not plan.recipients:
        messages.error(
            request,
            _("Không gửi được thư nhắc nào: không ai của các đơn vị chưa ký có địa chỉ e-mail (%(units)s).")
            % {"units": ", ".join(unit.name for unit in plan.units)},
        )
        return redirect(pledge)
    arguments = [pledge.pk, request.user.pk, request.build_absolute_uri("/")]
    sent = queue_or_run(remind_pledge_signers, arguments)  # None: queued
    reached = len(plan.units) - len(plan.unreachable_units)
    if sent is None:
        messages.success(
            request,
            _("Đang gửi %(count)s thư nhắc tới %(units)s đơn vị chưa ký.")
            % {"count": len(plan.recipients), "units": reached},
        )
    else:
        messages.success(
            request, _("Đã gửi %(count)s thư nhắc tới %(units)s đơn vị chưa ký.") % {"count": sent, "units": reached}
        )
    if plan.unreachable_units:
        messages.warning(
            request,
            _("Không gửi được thư nhắc tới: %(units)s (không có lãnh đạo, cán bộ nào có địa chỉ e-mail).")
            % {"units": ", ".join(unit.name for unit in plan.unreachable_units)},
        )
    if plan.leaders_without_email:
        messages.warning(
            request,
            _("Lãnh đạo chưa có địa chỉ e-mail nên không nhận được thư nhắc: %(people)s.")
            % {
                "people": ", ".join(
                    f"{user.get_full_name() or user.username} ({user.unit.name})" for user in plan.leaders_without_email
                )
            },
        )
    return redirect(pledge)


@permission_required("emulation.sign_pledge", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def pledge_sign(request, pk):
    pledge = get_object_or_404(pledge_detail_queryset(), pk=pk)
    context = pledge_page_context(request, pledge)
    current = context["verification"].sealed_fingerprint
    form = SignForm(
        request.POST or None,
        initial={"version": pledge.version, "fingerprint": current, "position": request.user.position},
    )
    refusal = (
        context["sign_refusal"] if pledge.status == PledgeStatus.OPEN else services.sign_refusal(pledge, request.user)
    )
    if refusal:  # the service would refuse whatever is typed: say why instead of offering the form
        context.update({"form": None, "fingerprint": current, "refusal": refusal})
        return render(request, "emulation/pledges/sign.html", context, status=409 if request.method == "POST" else 200)
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


@permission_required("emulation.record_paper_signature", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def pledge_paper_sign(request, pk):
    """The chair unit records a member's signature given on paper at the ceremony, with the scanned page."""
    pledge = pledge_or_404(request, pk)
    title = _("Ghi nhận chữ ký trên giấy")
    refusal = services.paper_refusal(pledge)
    if refusal:
        return refused(request, pledge, title=title, refusal=refusal)
    units = Unit.objects.filter(pk__in=[unit.pk for unit in services.paper_signable_units(pledge)]).order_by("name")
    form = PaperSignatureForm(
        request.POST or None, request.FILES or None, units=units, initial={"version": pledge.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signature = create_once(
                request,
                lambda: services.pledge_record_paper_signature(
                    actor=request.user,
                    pledge=pledge,
                    version=data["version"],
                    unit=data["unit"],
                    signer_name=data["signer_name"],
                    position=data["position"],
                    signed_on=data["signed_on"],
                    uploaded=data["scan"],
                    ip_address=_client_ip(request),
                ),
                url=lambda signature: pledge.get_absolute_url(),
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, str(error))
            else:
                add_form_errors(form, error)
        else:
            if signature.is_chair:
                messages.success(request, _("Đã ghi nhận chữ ký trên giấy. Giao ước đã hoàn tất ký kết và được khóa."))
            else:
                messages.success(
                    request, _("Đã ghi nhận chữ ký trên giấy của %(unit)s.") % {"unit": signature.unit.name}
                )
            return redirect(pledge)
    return render(request, "emulation/pledges/form.html", {"form": form, "pledge": pledge, "title": title})


def _signature_pledge(request, pk):
    return get_object_or_404(PledgeSignature.objects.select_related("pledge__group"), pk=pk).pledge


@permission_required("emulation.view_pledge", fn=_signature_pledge, raise_exception=True)
@require_GET
def signature_scan(request, pk):
    """The scanned page of a signature given on paper: for those who may read the pledge, as an attachment."""
    signature = get_object_or_404(PledgeSignature, pk=pk, method=SignatureMethod.PAPER)
    try:
        handle = signature.scan.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return file_download(handle, filename=signature.scan_name, content_type=signature.scan_content_type)


# --- PDFs signed with token certificates (issue 20 item 3) ----------------------------------------------------
@permission_required("emulation.add_signed_copy", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def pledge_signed_copy_add(request, pk):
    """The chair unit keeps a PDF of the sealed pledge that a leader signed with a token certificate: kept only if
    every signature in it is intact and chains to a trusted root."""
    pledge = pledge_or_404(request, pk)
    title = _("Tải lên bản PDF đã ký số")
    if pledge.status != PledgeStatus.SIGNED:
        return refused(request, pledge, title=title, refusal=_("Chỉ tải lên bản ký số của giao ước đã ký kết xong."))
    form = SignedCopyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = create_once(
                request,
                lambda: signed_copy_add(
                    actor=request.user,
                    target=pledge,
                    uploaded=form.cleaned_data["file"],
                    perm="emulation.add_signed_copy",
                    unit=pledge.group.organizer,
                ),
                url=lambda copy: pledge.get_absolute_url(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu bản PDF do %(signer)s ký số.") % {"signer": copy.signer})
            return redirect(pledge)
    return render(request, "emulation/pledges/form.html", {"form": form, "pledge": pledge, "title": title})


def _signed_copy_pledge(request, pk):
    copy = get_object_or_404(SignedCopy, pk=pk)
    if copy.target_type.model_class() is not Pledge:
        raise Http404
    return get_object_or_404(Pledge.objects.select_related("group"), pk=copy.target_id)


@permission_required("emulation.view_pledge", fn=_signed_copy_pledge, raise_exception=True)
@require_GET
def pledge_signed_copy(request, pk):
    """A kept signed PDF, as an attachment, for those who may read the pledge."""
    copy = get_object_or_404(SignedCopy, pk=pk)
    try:
        handle = copy.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return file_download(handle, filename=copy.original_name, content_type="application/pdf")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def pledge_pdf_check(request, code):
    """Public, beside the verification page: anyone holding a PDF of the pledge checks its digital signatures
    (who signed, with which certificate, when, and whether the file is intact and the certificate trusted).
    Nothing is kept."""
    pledge = get_object_or_404(Pledge.objects.select_related("group"), verification_code=code)
    form = PdfCheckForm(request.POST or None, request.FILES or None)
    reports = None
    if request.method == "POST" and form.is_valid():
        try:
            _data, reports = check_signed_pdf(form.cleaned_data["file"])
        except ValidationError as error:
            add_form_errors(form, error)
    return render(request, "emulation/pledges/pdf_check.html", {"pledge": pledge, "form": form, "reports": reports})


# --- Proof -----------------------------------------------------------------------------------------------
def _print_context(request, pledge: Pledge) -> dict:
    """The printed page's and the PDF's context: the fingerprint printed is the one sealed (what was signed),
    never one recomputed from rows that may have been altered; the seal is checked and a failure is printed."""
    sections, total = criteria_sections(pledge)
    verification = services.pledge_verify(pledge=pledge)
    signatures = sorted((check.signature for check in verification.signatures), key=lambda s: (s.is_chair, s.signed_at))
    for signature in signatures:
        signature.unit_name = verification.unit_name(signature)
    return {
        "verification": verification,
        "pledge": pledge,
        "sections": sections,
        "total_points": total,
        "signatures": signatures,
        "chair_signature": next((s for s in signatures if s.is_chair), None),
        "fingerprint": verification.sealed_fingerprint,
        "verify_url": request.build_absolute_uri(reverse("pledges:verify", args=[pledge.verification_code])),
    }


@permission_required("emulation.view_pledge", fn=pledge_or_404, raise_exception=True)
def pledge_print(request, pk):
    pledge = get_object_or_404(pledge_detail_queryset(), pk=pk)
    return render(request, "emulation/pledges/print.html", _print_context(request, pledge))


@permission_required("emulation.view_pledge", fn=pledge_or_404, raise_exception=True)
def pledge_pdf(request, pk):
    pledge = get_object_or_404(pledge_detail_queryset(), pk=pk)
    html = render_to_string("emulation/pledges/pdf.html", _print_context(request, pledge), request=request)
    sealed = pledge.status == PledgeStatus.SIGNED
    # Rendered and signed once per content (an amendment or a new seal prints another page: another file).
    pdf = writers.stored_pdf(
        html,
        folder=f"documents/pledges/{pledge.pk}",
        base_url=request.build_absolute_uri("/"),
        stylesheet_files=(finders.find("css/pledge_print.css"),),
        # A sealed pledge is an issued document: it carries the system's PAdES signature.
        signed=sealed,
        reason=_("Giao ước thi đua đã ký kết, mã xác minh %(code)s") % {"code": pledge.verification_code}
        if sealed
        else "",
        location=pledge.place,
    )
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
    number = request.GET.get("phien-ban") or None
    try:
        result = services.pledge_verify(pledge=pledge, number=int(number) if number else None)
    except (ValueError, PledgeVersion.DoesNotExist) as error:
        raise Http404(_("Không có phiên bản này của giao ước.")) from error
    for check in result.signatures:
        check.signature.unit_name = result.unit_name(check.signature)
    # The scans of signatures on paper: linked for those who may read the pledge, never for anyone with the code.
    can_read = request.user.has_perm("emulation.view_pledge", pledge)
    return render(request, "emulation/pledges/verify.html", {"pledge": pledge, "result": result, "can_read": can_read})
