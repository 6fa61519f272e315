"""The pages of a large Excel export of award records: its state, its download, asking again.
Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from clusters.web import error_text, file_download

from ..documents.records import XLSX
from ..models import RecordExport
from ..services import exports as export_services


def _export(request, pk):
    return get_object_or_404(RecordExport.objects.select_related("award_type", "requested_by"), pk=pk)


@permission_required("awards.view_record_export", fn=_export, raise_exception=True)
@require_GET
def record_export(request, pk):
    """A large export's page: its filters and state (reloading itself until it is done, unless the queue did
    not take it), then the download."""
    return render(request, "awards/record_export.html", {"export": _export(request, pk)})


@permission_required("awards.view_record_export", fn=_export, raise_exception=True)
@require_GET
def record_export_download(request, pk):
    export = _export(request, pk)
    if not export.is_done or not export.file:
        raise Http404(_("Tệp chưa lập xong."))
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(handle, filename=f"khen-thuong-{export.pk}.xlsx", content_type=XLSX)


@permission_required("awards.change_record_export", fn=_export, raise_exception=True)
@require_POST
def record_export_retry(request, pk):
    try:
        export, queued = export_services.record_export_retry(actor=request.user, export=_export(request, pk))
    except ValidationError as error:  # another export of the same filters is pending
        messages.error(request, error_text(error))
        return redirect("awards:record_export", pk)
    if queued:
        messages.success(request, _("Đã gửi lại yêu cầu vào hàng đợi."))
    elif not export.is_done:  # the queue is still down
        messages.error(request, export.enqueue_error)
    return redirect(export)
