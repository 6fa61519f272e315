"""Award record pages: the award history and its Excel download, the import, certificates, decision lists.
Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters import imports
from clusters.web import flash_errors, paginate

from ..cache import cached
from ..documents import records as documents
from ..forms.records import ImportForm, RecordFilterForm
from ..models import AwardRecord
from ..selectors.exports import recent_exports
from ..selectors.records import award_records, decision_records, record_scope_key, records_by_id, search_page
from ..services.exports import EXPORTS, record_export_request
from ..services.records import award_records_import

#: The pending preview's name in `clusters.imports`.
IMPORT_KIND = "awards_records"


@permission_required("awards.view_records", raise_exception=True)
@require_GET
def record_list(request):
    form = RecordFilterForm(request.GET or None)
    filters, data = {}, {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "year": data["year"],
            "award_type_id": data["award_type"].pk if data["award_type"] else None,
        }
    user = request.user

    def user_records():  # the search's lookups run when the records are asked for
        return award_records(user=user, **filters)  # only the records of the units the user reads

    can_manage = user.has_perm("awards.manage_records")
    if request.GET.get("format") == "xlsx":
        if not can_manage:
            raise PermissionDenied
        records, limit = user_records(), settings.RECORD_EXPORT_MAX_ROWS
        count = records.count()
        if count > limit:  # too long for one request: built by a Celery task, downloaded from its page
            export, created = record_export_request(
                actor=user, query=data.get("q") or "", year=data.get("year"), award_type=data.get("award_type")
            )
            EXPORTS.submit(job=export, created=created)  # a new request, or one the queue refused before
            messages.info(
                request,
                _(
                    "Có %(count)s khen thưởng khớp bộ lọc, nhiều hơn %(limit)s dòng tải trực tiếp: tệp Excel đang "
                    "được lập trong nền, trang này sẽ có liên kết tải khi xong."
                )
                % {
                    "count": number_format(count, force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
            )
            return redirect(export)
        response = HttpResponse(documents.records_xlsx(records.iterator(chunk_size=2000)), content_type=documents.XLSX)
        response["Content-Disposition"] = 'attachment; filename="khen-thuong.xlsx"'
        return response
    if filters.get("query"):
        search = (filters["query"], filters["year"], filters["award_type_id"], record_scope_key(user))
        page = search_page(
            user_records,
            request,
            settings.PAGE_SIZE,
            cache_as=search,
            walking=lambda: award_records(user=user, walk=True, **filters),
        )
    else:  # the bounded count reads up to 10,000 scattered records (0.3-0.5 s at scale 10): kept in the cache
        counted = ("count", filters.get("year"), filters.get("award_type_id"), record_scope_key(user))
        page = paginate(
            request,
            user_records(),
            keep_count=lambda compute: cached("records", counted, compute),
            read_rows=records_by_id,
        )
    return render(
        request,
        "awards/record_list.html",
        {
            "form": form,
            "page": page,
            "can_manage": can_manage,
            "recent_exports": recent_exports(user=user) if can_manage else [],
        },
    )


@permission_required("awards.manage_records", raise_exception=True)
@require_http_methods(["GET", "POST"])
def record_import(request):
    """Step 1: upload and preview every row with its errors. Nothing is saved here."""
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, file_errors = [], []
    if request.method == "POST" and form.is_valid():
        rows, file_errors = documents.parse_workbook(form.cleaned_data["file"], importer=request.user)
        valid = [row.data for row in rows if row.ok]
        imports.stash(request, IMPORT_KIND, valid if rows and len(valid) == len(rows) and not file_errors else None)
    return render(
        request,
        "awards/record_import.html",
        {
            "form": form,
            "rows": rows,
            "file_errors": file_errors,
            "error_count": sum(1 for row in rows if not row.ok),
            "ready": bool(rows) and all(row.ok for row in rows) and not file_errors,
        },
    )


@permission_required("awards.manage_records", raise_exception=True)
@require_GET
def record_import_template(request):
    """The import's template: its columns, an example row and what each column holds."""
    response = HttpResponse(documents.import_template(), content_type=documents.XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-khen-thuong.xlsx"'
    return response


@permission_required("awards.manage_records", raise_exception=True)
@require_POST
def record_import_confirm(request):
    """Step 2: save the previewed rows, all or nothing."""
    rows = imports.take(request, IMPORT_KIND)  # once: a double confirm finds nothing
    if not rows:
        flash_errors(request, imports.nothing_to_confirm())
        return redirect("awards:record_import")
    try:
        records = award_records_import(actor=request.user, rows=rows)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("awards:record_import")
    except PermissionDenied as refusal:  # something changed since the preview (e.g. a proposal approved meanwhile)
        messages.error(request, str(refusal))
        return redirect("awards:record_import")
    messages.success(request, _("Đã nhập %(n)s khen thưởng.") % {"n": len(records)})
    return redirect("awards:record_list")


def _record(request, pk):
    return get_object_or_404(
        AwardRecord.objects.select_related(
            "award_type", "nominee_unit", "nominee_person", "nominee_person__unit", "decision"
        ),
        pk=pk,
    )


@permission_required("awards.view_record", fn=_record, raise_exception=True)
@require_GET
def record_certificate(request, pk):
    record = _record(request, pk)
    if not record.award_type.has_certificate:
        raise Http404(_("Hình thức này không in giấy chứng nhận."))
    public_url = ""
    if record.decision_id and record.decision.status != "draft":
        public_url = request.build_absolute_uri(reverse("awards:decision_public", args=[record.decision.public_code]))
    pdf = documents.certificate_pdf(record, base_url=request.build_absolute_uri("/"), public_url=public_url)
    name = slugify(f"{record.award_type.code}-{record.year}-{record.pk}")
    response = HttpResponse(pdf, content_type=documents.PDF)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@permission_required("awards.manage_records", raise_exception=True)
@require_GET
def decision_list(request):
    number = request.GET.get("number", "").strip()[:100]
    records = decision_records(user=request.user, number=number)  # only those of the units the reviewer reads
    if not records:
        raise Http404(_("Không có khen thưởng nào theo quyết định này."))
    name = slugify(number) or "quyet-dinh"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            documents.decision_list_xlsx(number=number, records=records), content_type=documents.XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="danh-sach-{name}.xlsx"'
    else:
        response = HttpResponse(
            documents.decision_list_docx(number=number, records=records), content_type=documents.DOCX
        )
        response["Content-Disposition"] = f'attachment; filename="danh-sach-{name}.docx"'
    return response
