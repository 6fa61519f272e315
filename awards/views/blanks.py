"""Certificate blank pages: a board's blanks, the calibration of one (numbers, and dragging over the scan), its
scan, and printing the records of a decision onto it. Views stay thin: permission, form, service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.uploads import content_type_for
from clusters.web import add_form_errors, error_messages, file_download

from ..documents.records import PDF
from ..forms.blanks import BlankCalibrationForm, BlankCreateForm, BlankPrintForm
from ..models import Blank
from ..selectors.blanks import blanks_for, field_boxes
from ..selectors.records import decision_records
from ..services import blanks as services


def _blank(request, pk):
    return get_object_or_404(Blank.objects.select_related("board"), pk=pk)


@permission_required("awards.view_blanks", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def blank_list(request):
    user = request.user
    form = BlankCreateForm(request.POST or None) if user.has_perm("awards.add_blank") else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                blank = create_once(
                    request, lambda: services.blank_create(actor=user, board=user.unit, **form.cleaned_data)
                )
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã thêm phôi: đặt vị trí từng trường trên ảnh quét của phôi."))
                return redirect(blank)
    return render(request, "awards/blank_list.html", {"blanks": blanks_for(user), "form": form})


@permission_required("awards.manage_blank", fn=_blank, raise_exception=True)
@require_http_methods(["GET", "POST"])
def blank_update(request, pk):
    blank = _blank(request, pk)
    form = BlankCalibrationForm(request.POST or None, request.FILES or None, instance=blank)
    if request.method == "POST" and form.is_valid():
        settings, fields = form.calibration()
        try:
            services.blank_calibrate(
                actor=request.user, blank=blank, version=form.expected_version, settings=settings, fields=fields,
                scan=form.cleaned_data.get("scan") or None,
            )  # fmt: skip
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu vị trí các trường in."))
            return redirect("awards:blank_update", pk=blank.pk)
    width, height = blank.paper_mm
    return render(
        request,
        "awards/blank_update.html",
        {"blank": blank, "form": form, "paper_w": width, "paper_h": height, "boxes": field_boxes(blank)},
    )


@permission_required("awards.manage_blank", fn=_blank, raise_exception=True)
@require_GET
def blank_scan(request, pk):
    blank = _blank(request, pk)
    if not blank.scan:
        raise Http404(_("Phôi chưa có ảnh quét."))
    try:
        handle = blank.scan.open("rb")
    except FileNotFoundError:
        raise Http404(_("Phôi chưa có ảnh quét.")) from None
    response = file_download(handle, filename=blank.scan.name.rsplit("/", 1)[-1],
                             content_type=content_type_for(blank.scan.name))  # fmt: skip
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline", 1)
    return response


@permission_required("awards.manage_blank", fn=_blank, raise_exception=True)
@require_http_methods(["GET", "POST"])
def blank_print(request, pk):
    """The records of a decision (of the units the user reads), a reason per record, then the PDF."""
    blank = _blank(request, pk)
    number = (request.POST.get("number") or request.GET.get("number") or "").strip()[:100]
    records = decision_records(user=request.user, number=number) if number else []
    form = BlankPrintForm(request.POST or None, records=records, initial={"number": number})
    if request.method == "POST" and form.is_valid():
        if not records:
            form.add_error("number", _("Không có khen thưởng nào theo quyết định này."))
        else:
            pdf = services.blanks_pdf(blank=blank, records=records, overrides=form.overrides(), actor=request.user)
            response = HttpResponse(pdf, content_type=PDF)
            name = slugify(f"phoi-{blank.kind}-{number}") or "phoi"
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return response
    return render(request, "awards/blank_print.html", {"blank": blank, "form": form, "number": number})
