"""Pages of a board's Word templates: the kinds, their placeholders, the versions uploaded, a new upload, and
the download of the template in use (the board's newest, else the default)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.models import Unit
from clusters.web import add_form_errors

from ..documents.templates import DOCX
from ..forms.templates import TemplateUploadForm
from ..models import TemplateKind
from ..selectors import templates as selectors
from ..selectors.decisions import issuing_boards
from ..services import templates as services


def _board(request, pk, **kwargs) -> Unit:
    return get_object_or_404(issuing_boards(), pk=pk)


@permission_required("awards.change_templates", fn=_board, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def template_index(request, pk):
    board = _board(request, pk)
    url = reverse("awards:template_index", args=[board.pk])
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = create_once(
                request,
                lambda: services.template_upload(
                    actor=request.user, board=board, kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"]
                ),
                url=lambda template: url,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã tải lên %(kind)s, phiên bản %(v)s.")
                % {"kind": template.get_kind_display(), "v": template.version},
            )
            return redirect(url)
    versions = selectors.template_versions(board=board)
    kinds = [
        {"value": value, "label": label, "placeholders": selectors.PLACEHOLDERS[value], "versions": versions[value]}
        for value, label in TemplateKind.choices
    ]
    syntax_help = _(
        "Mỗi mẫu là một tệp Word (.docx) có các trường dạng {{ ten_truong }}; danh sách và vòng lặp theo cú pháp "
        "docxtpl ({%p for dong in nhom.dong %} … {%p endfor %}). Ban chưa tải lên mẫu nào thì dùng mẫu mặc định "
        "theo thể thức Nghị định 30/2020/NĐ-CP. Mẫu dùng một trường không có trong danh sách sẽ bị từ chối."
    )
    return render(
        request,
        "awards/templates/index.html",
        {"board": board, "kinds": kinds, "form": form, "syntax_help": syntax_help},
    )


@permission_required("awards.change_templates", fn=_board, raise_exception=True)
@require_GET
def template_download(request, pk, kind):
    board = _board(request, pk)
    if kind not in TemplateKind.values:
        raise Http404
    response = HttpResponse(selectors.template_bytes(board=board, kind=kind), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}.docx"'
    return response
