"""Dossier pages (hồ sơ nhiều đối tượng): the list, a new dossier with its lines, a dossier's page with each line's
eligibility, more lines, sending it up. Views stay thin: permission, forms, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.web import SearchForm, error_messages, flash_errors, paginate

from ..forms.dossiers import DossierForm, DossierSubmitForm, line_formset, lines_fit_kind, lines_of
from ..models import Dossier, ProposalKind
from ..selectors import dossiers as selectors
from ..services import dossiers as services


def _own_unit(request, *args, **kwargs):
    return request.user.unit


def _dossier(request, pk, *args, **kwargs):
    return get_object_or_404(Dossier.objects.select_related("award_type", "proposing_unit"), pk=pk)


@require_GET
def dossier_list(request):
    user = request.user
    if not (user.is_system_admin or user.unit_id):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.dossier_list(base=selectors.readable_dossiers(user), query=query))
    can_add = bool(user.unit_id) and user.has_perm("awards.add_proposal", user.unit)
    return render(request, "awards/dossiers/list.html", {"form": form, "page": page, "can_add": can_add})


@permission_required("awards.add_proposal", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def dossier_create(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    add_line = "add_line" in request.POST
    form = DossierForm(data, unit=unit, initial={"year": timezone.localdate().year - 1, "kind": ProposalKind.ANNUAL})
    formset = line_formset(data, unit=unit, add_line=add_line)
    errors = []
    if (
        data is not None
        and not add_line
        and form.is_valid()
        and formset.is_valid()
        and lines_fit_kind(formset, form.cleaned_data["kind"])
    ):
        head = dict(form.cleaned_data)
        try:
            dossier = create_once(
                request,
                lambda: services.dossier_create(
                    actor=request.user,
                    proposing_unit=unit,
                    award_type_code=head.pop("award_type").code,
                    lines=lines_of(formset),
                    **head,
                ),
            )
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(request, _("Đã lập hồ sơ đề nghị với %(n)s đối tượng.") % {"n": dossier.lines.count()})
            return redirect(dossier)
    return render(
        request,
        "awards/dossiers/form.html",
        {
            "form": form,
            "formset": formset,
            "errors": errors,
            "title": _("Lập hồ sơ đề nghị nhiều đối tượng"),
            "add_line": add_line,
        },
    )


@permission_required("awards.view_dossier", fn=_dossier, raise_exception=True)
@require_GET
def dossier_detail(request, pk):
    dossier = _dossier(request, pk)
    user = request.user
    can_change = user.has_perm("awards.change_dossier", dossier)
    can_submit = user.has_perm("awards.submit_dossier", dossier)
    return render(
        request,
        "awards/dossiers/detail.html",
        {
            "dossier": dossier,
            "lines": selectors.dossier_lines(dossier),
            "can_change": can_change,
            "can_submit": can_submit,
            "submit_form": DossierSubmitForm() if can_submit else None,
        },
    )


@permission_required("awards.change_dossier", fn=_dossier, raise_exception=True)
@require_http_methods(["GET", "POST"])
def dossier_add_lines(request, pk):
    dossier = _dossier(request, pk)
    data = request.POST if request.method == "POST" else None
    add_line = "add_line" in request.POST
    formset = line_formset(data, unit=dossier.proposing_unit, add_line=add_line)
    errors = []
    if data is not None and not add_line and formset.is_valid() and lines_fit_kind(formset, dossier.kind):
        try:
            made = services.dossier_add_lines(actor=request.user, dossier=dossier, lines=lines_of(formset))
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(request, _("Đã thêm %(n)s đối tượng vào hồ sơ.") % {"n": len(made)})
            return redirect(dossier)
    return render(
        request,
        "awards/dossiers/form.html",
        {
            "form": None,
            "formset": formset,
            "errors": errors,
            "dossier": dossier,
            "title": _("Thêm đối tượng vào hồ sơ: %(d)s") % {"d": dossier},
            "add_line": add_line,
        },
    )


@permission_required("awards.submit_dossier", fn=_dossier, raise_exception=True)
@require_POST
def dossier_submit(request, pk):
    dossier = _dossier(request, pk)
    form = DossierSubmitForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{form.fields[field].label}: {message}" if field in form.fields else message)
        return redirect(dossier)
    try:
        submission = services.dossier_submit(actor=request.user, dossier=dossier, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Đã trình hồ sơ kèm tờ trình %(s)s: %(n)s đối tượng.")
            % {"s": submission.number, "n": submission.proposals.count()},
        )
    return redirect(dossier)
