"""Yearly performance rating pages: a unit's people and their rating for a year (entered by the unit, read by
the reviewers of its boards), the Excel template and the import with its preview. Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.models import Role, Unit
from clusters.web import add_form_errors, error_messages, paginate

from ..documents import ratings as rating_documents
from ..forms.ratings import RATINGS_PER_PAGE, ImportForm, RatingIndexForm, UnitRatingsForm
from ..selectors.ratings import ratings_version, unit_ratings
from ..services import ratings as rating_services

IMPORT_SESSION_KEY = "awards_rating_import"


def _unit(request, pk, *args, **kwargs):
    return get_object_or_404(Unit, pk=pk)


def _year(year: int) -> int:
    if not 1945 <= year <= 2100:
        raise Http404(_("Năm không hợp lệ."))
    return year


@require_GET
def rating_index(request):
    """A unit's staff and leader go to their own unit's ratings; reviewers and admins pick a unit."""
    user = request.user
    last_year = timezone.localdate().year - 1
    if user.unit_id and user.role in (Role.STAFF, Role.LEADER):
        return redirect("awards:rating_unit", pk=user.unit_id, year=last_year)
    if not (user.is_system_admin or user.role == Role.REVIEWER):
        raise PermissionDenied
    form = RatingIndexForm(request.GET or None, initial={"year": last_year}, user=user)
    if form.is_valid():
        return redirect("awards:rating_unit", pk=form.cleaned_data["unit"].pk, year=form.cleaned_data["year"])
    return render(request, "awards/rating_index.html", {"form": form})


@permission_required("awards.view_unit_ratings", fn=_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rating_unit(request, pk, year):
    """One page of the unit's people (`?page=`, `?q=` a name) with their ratings; saving saves that page's people.
    The Excel download holds every person of the unit."""
    unit, year = _unit(request, pk), _year(year)
    can_change = request.user.has_perm("awards.change_unit_ratings", unit)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            rating_documents.ratings_template_xlsx(people=unit_ratings(unit=unit, year=year)),
            content_type=rating_documents.XLSX,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="xep-loai-{slugify(unit.short_name or unit.name)}-{year}.xlsx"'
        )
        return response
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    listed = unit_ratings(unit=unit, year=year, query=query)
    page = None
    if request.method == "POST":
        shown = UnitRatingsForm.posted_people(request.POST)
        if not shown:  # a form without its list of people: the page its address names
            page = paginate(request, listed, RATINGS_PER_PAGE)
        people = unit_ratings(unit=unit, year=year).filter(pk__in=shown) if shown else page
        form = UnitRatingsForm(request.POST, people=people)
        if form.is_valid():
            ids = [person.pk for person in form.people]
            try:
                changed = rating_services.ratings_save(
                    actor=request.user, unit=unit, year=year, entries=form.entries(), version=form.expected_version
                )
            except ValidationError as error:
                add_form_errors(
                    form,
                    error,
                    current=lambda: UnitRatingsForm(
                        people=unit_ratings(unit=unit, year=year).filter(pk__in=ids),
                        version=ratings_version(people=ids, year=year),
                    ),
                )
            else:
                messages.success(request, _("Đã lưu %(n)s xếp loại.") % {"n": changed})
                return redirect(request.get_full_path())  # the same page of the list, and the same search
    else:
        page = paginate(request, listed, RATINGS_PER_PAGE)
        form = UnitRatingsForm(people=page, version=ratings_version(people=[person.pk for person in page], year=year))
    return render(
        request,
        "awards/rating_unit.html",
        {
            "unit": unit,
            "year": year,
            "form": form,
            "page": page if page is not None else paginate(request, listed, RATINGS_PER_PAGE),
            "query": query,
            "can_change": can_change,
            "years": range(year - 2, year + 2),
        },
    )


@permission_required("awards.change_unit_ratings", fn=_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
def rating_import(request, pk, year):
    """Step 1: upload and preview every row with its errors. Nothing is saved here."""
    unit, year = _unit(request, pk), _year(year)
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, file_errors = [], []
    if request.method == "POST" and form.is_valid():
        rows, file_errors = rating_documents.ratings_parse_workbook(form.cleaned_data["file"], unit=unit)
        ready = bool(rows) and all(row.ok for row in rows) and not file_errors
        if ready:
            request.session[IMPORT_SESSION_KEY] = {"unit": unit.pk, "year": year, "rows": [r.data for r in rows]}
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
    return render(
        request,
        "awards/rating_import.html",
        {
            "unit": unit,
            "year": year,
            "form": form,
            "rows": rows,
            "file_errors": file_errors,
            "error_count": sum(1 for row in rows if not row.ok),
            "ready": bool(rows) and all(row.ok for row in rows) and not file_errors,
        },
    )


@permission_required("awards.change_unit_ratings", fn=_unit, raise_exception=True)
@require_POST
def rating_import_confirm(request, pk, year):
    """Step 2: save the previewed rows, all or nothing."""
    unit, year = _unit(request, pk), _year(year)
    checked = request.session.pop(IMPORT_SESSION_KEY, None)
    if not checked or checked.get("unit") != unit.pk or checked.get("year") != year:
        messages.error(request, _("Không có dữ liệu đã kiểm tra để nhập. Tải tệp lên lại."))
        return redirect("awards:rating_import", pk=unit.pk, year=year)
    try:
        changed = rating_services.ratings_import(actor=request.user, unit=unit, year=year, rows=checked["rows"])
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("awards:rating_import", pk=unit.pk, year=year)
    messages.success(request, _("Đã nhập %(n)s xếp loại.") % {"n": changed})
    return redirect("awards:rating_unit", pk=unit.pk, year=year)
