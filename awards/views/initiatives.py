"""The initiative register's pages (issue 19 item 2): the list with its search and filters, entering and editing an
initiative with its authors, its files, the Excel import (preview, confirm, template) and the report of the year's
Chiến sĩ thi đua candidates without a recognised initiative. Views stay thin: permission, form, service, template."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters import imports
from clusters.concurrency import ConflictError, create_once, creates_once
from clusters.uploads import content_type_for
from clusters.web import add_form_errors, file_download, flash_errors, paginate

from ..cache import cached
from ..documents import initiatives as documents
from ..forms.initiatives import (
    CandidateReportForm,
    InitiativeFileForm,
    InitiativeFilterForm,
    InitiativeForm,
    InitiativeUnitForm,
    author_formset,
)
from ..models import Initiative, InitiativeFile
from ..selectors import initiatives as selectors
from ..selectors.proposals import proposal_scope_key, readable_proposals
from ..services import initiatives as services

IMPORT_KIND = "awards_initiatives"


def _initiative(request, pk, *args, **kwargs):
    return get_object_or_404(Initiative.objects.select_related("unit", "recognising_body"), pk=pk)


def _file_initiative(request, pk, *args, **kwargs):
    return get_object_or_404(InitiativeFile.objects.select_related("initiative"), pk=pk).initiative


# --- The list -------------------------------------------------------------------------------------------------
@permission_required("awards.view_initiatives", raise_exception=True)
@require_GET
def initiative_list(request):
    user = request.user
    form = InitiativeFilterForm(request.GET or None, user=user)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "scope": data["scope"],
            "year": data["year"],
            "unit_id": data["unit"].pk if data["unit"] else None,
        }
    initiatives = selectors.initiative_list(user=user, **filters)
    return render(
        request,
        "awards/initiatives/list.html",
        {"form": form, "page": paginate(request, initiatives), "can_add": user.has_perm("awards.add_initiative")},
    )


# --- One initiative -------------------------------------------------------------------------------------------
@permission_required("awards.add_initiative", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def initiative_create(request):
    """Step one, the unit (`?don_vi=`); step two, the initiative and its authors."""
    picker = InitiativeUnitForm(request.GET if "don_vi" in request.GET else None, user=request.user)
    if not picker.is_valid():
        return render(request, "awards/initiatives/pick_unit.html", {"form": picker})
    unit = picker.cleaned_data["don_vi"]
    form = InitiativeForm(request.POST or None, unit=unit)
    authors = author_formset(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        try:
            initiative = create_once(
                request,
                lambda: services.initiative_create(
                    actor=request.user, unit=unit, authors=authors.authors(), **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã nhập sáng kiến vào sổ."))
            return redirect(initiative)
    return render(
        request,
        "awards/initiatives/form.html",
        {"form": form, "authors": authors, "unit": unit, "title": _("Nhập sáng kiến, đề tài")},
    )


@permission_required("awards.view_initiative", fn=_initiative, raise_exception=True)
@require_GET
def initiative_detail(request, pk):
    initiative = _initiative(request, pk)
    can_change = request.user.has_perm("awards.change_initiative", initiative)
    return render(
        request,
        "awards/initiatives/detail.html",
        {
            "initiative": initiative,
            "authors": initiative.authors.select_related("person", "person__unit"),
            "files": initiative.files.all(),
            "proposals": readable_proposals(request.user)
            .filter(initiative_links__initiative=initiative)
            .select_related("award_type", "nominee_person")
            .order_by("-year", "id"),
            "can_change": can_change,
            "file_form": InitiativeFileForm() if can_change else None,
        },
    )


@permission_required("awards.change_initiative", fn=_initiative, raise_exception=True)
@require_http_methods(["GET", "POST"])
def initiative_update(request, pk):
    initiative = _initiative(request, pk)
    form = InitiativeForm(request.POST or None, instance=Initiative.objects.get(pk=pk), unit=initiative.unit)
    authors = author_formset(request.POST or None, unit=initiative.unit, initiative=initiative)
    if request.method == "POST" and form.is_valid() and authors.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in services.FIELDS}
        try:
            services.initiative_update(
                actor=request.user,
                initiative=initiative,
                version=form.expected_version,
                authors=authors.authors(),
                **data,
            )
        except ConflictError as error:
            add_form_errors(form, error)
            authors = author_formset(unit=initiative.unit, initiative=Initiative.objects.get(pk=pk))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu sáng kiến."))
            return redirect(initiative)
    return render(
        request,
        "awards/initiatives/form.html",
        {
            "form": form,
            "authors": authors,
            "unit": initiative.unit,
            "initiative": initiative,
            "title": _("Sửa sáng kiến: %(t)s") % {"t": initiative.title},
        },
    )


# --- Files ----------------------------------------------------------------------------------------------------
@permission_required("awards.change_initiative", fn=_initiative, raise_exception=True)
@require_POST
@creates_once
def initiative_file_upload(request, pk):
    initiative = _initiative(request, pk)
    form = InitiativeFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            create_once(
                request,
                lambda: services.initiative_file_add(
                    actor=request.user, initiative=initiative, uploaded=form.cleaned_data["file"]
                ),
                url=lambda kept: initiative.get_absolute_url(),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã tải lên tệp."))
    else:
        messages.error(request, _("Chọn tệp để tải lên."))
        for message in form.errors.get("file", []):
            messages.error(request, message)
    return redirect(initiative)


@permission_required("awards.view_initiative", fn=_file_initiative, raise_exception=True)
@require_GET
def initiative_file_download(request, pk):
    """Always a download with a content type from our own list: never rendered inline."""
    kept = get_object_or_404(InitiativeFile, pk=pk)
    try:
        handle = kept.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(handle, filename=kept.original_name, content_type=content_type_for(kept.original_name))


@permission_required("awards.change_initiative", fn=_file_initiative, raise_exception=True)
@require_POST
def initiative_file_delete(request, pk):
    kept = get_object_or_404(InitiativeFile.objects.select_related("initiative"), pk=pk)
    initiative = kept.initiative
    services.initiative_file_delete(actor=request.user, kept=kept)
    messages.success(request, _("Đã xoá tệp %(n)s.") % {"n": kept.original_name})
    return redirect(initiative)


# --- The Excel import -----------------------------------------------------------------------------------------
@permission_required("awards.add_initiative", raise_exception=True)
@require_http_methods(["GET", "POST"])
def initiative_import(request):
    """Step 1: the upload, then every row with its status (new, unchanged) or its errors. Nothing is saved here."""
    form = imports.ExcelUploadForm(request.POST or None, request.FILES or None)
    rows, file_errors = [], []
    if request.method == "POST" and form.is_valid():
        rows, file_errors = documents.parse_workbook(form.cleaned_data["file"], importer=request.user)
        clean = bool(rows) and not file_errors and all(row.ok for row in rows)
        imports.stash(request, IMPORT_KIND, [row.data for row in rows] if clean else None)
    elif request.method == "POST":
        imports.stash(request, IMPORT_KIND, None)
    errors = [row for row in rows if not row.ok]
    return render(
        request,
        "clusters/imports/upload.html",  # the one page of every Excel import
        {
            "form": form,
            "page": SimpleNamespace(name="initiatives", back="awards:initiative_list", back_label=_("Sổ sáng kiến")),
            "title": _("Nhập sổ sáng kiến, đề tài từ Excel"),
            "error_rows": errors,
            "confirm_url": "awards:initiative_import_confirm",
            "template_url": "awards:initiative_import_template",
            "upload_url": "awards:initiative_import",
            "shown": documents.SHOWN,
            "rows": [(row, [row.values.get(c, "") for c in documents.SHOWN]) for row in rows],
            "file_errors": file_errors,
            "error_count": len(errors),
            "new_count": sum(1 for row in rows if row.ok and not row.unchanged),
            "unchanged_count": sum(1 for row in rows if row.ok and row.unchanged),
            "ready": bool(rows) and not errors and not file_errors,
            "columns": documents.columns(),
        },
    )


@permission_required("awards.add_initiative", raise_exception=True)
@require_POST
def initiative_import_confirm(request):
    """Step 2: save the previewed rows, all or nothing, once (a second confirm finds nothing to save)."""
    rows = imports.take(request, IMPORT_KIND)
    if not rows:
        flash_errors(request, imports.nothing_to_confirm())
        return redirect("awards:initiative_import")
    try:
        with transaction.atomic():
            result = services.initiatives_import(actor=request.user, rows=rows)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("awards:initiative_import")
    except PermissionDenied as refusal:  # the user's scope changed since the preview
        messages.error(request, str(refusal))
        return redirect("awards:initiative_import")
    messages.success(
        request,
        _("Đã nhập sáng kiến từ Excel: %(new)s mới, %(same)s không đổi.")
        % {"new": len(result.created), "same": result.unchanged},
    )
    return redirect("awards:initiative_list")


@permission_required("awards.add_initiative", raise_exception=True)
@require_GET
def initiative_import_template(request):
    response = HttpResponse(documents.template(), content_type=documents.XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-sang-kien.xlsx"'
    return response


# --- The report -----------------------------------------------------------------------------------------------
@permission_required("awards.view_initiatives", raise_exception=True)
@require_GET
def initiative_report(request):
    """The year's Chiến sĩ thi đua candidates (in the viewer's scope) without a recognised initiative of the scope
    their title needs; as XLSX with `?format=xlsx`."""
    default_year = timezone.localdate().year - 1
    form = CandidateReportForm(request.GET if "year" in request.GET else {"year": default_year})
    year = form.cleaned_data["year"] if form.is_valid() else default_year
    proposals = selectors.candidates_without_initiative(user=request.user, year=year)
    if request.GET.get("format") == "xlsx":
        # kept in the awards data cache until a proposal, an initiative, a person or a unit changes (awards.cache):
        # the country's year is 2,600 rows at scale 10, 170 ms to write; downloaded again, it is not rewritten
        content = cached(
            "initiative-report-xlsx",
            (year, proposal_scope_key(request.user), get_language()),
            lambda: documents.candidates_xlsx(year=year, proposals=proposals),
        )
        response = HttpResponse(content, content_type=documents.XLSX)
        response["Content-Disposition"] = f'attachment; filename="cstd-chua-co-sang-kien-{year}.xlsx"'
        return response
    return render(
        request,
        "awards/initiatives/report.html",
        {"form": form, "year": year, "page": paginate(request, proposals)},
    )
