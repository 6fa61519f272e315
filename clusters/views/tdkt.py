"""Pages of the register of emulation and commendation bodies and their staff (what forms 0604 and 0605 count):
a board's register, adding and editing a body or a staff member."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.tdkt import StaffMemberForm, TdktBodyForm
from ..models import StaffMember, TdktBody, Unit, UnitKind
from ..selectors import tdkt as selectors
from ..services import tdkt as services
from ..web import SearchForm, add_form_errors, paginate


def _board(request, pk):
    return get_object_or_404(Unit, pk=pk)


def _body(request, pk):
    return get_object_or_404(TdktBody.objects.select_related("unit"), pk=pk)


def _member(request, pk):
    return get_object_or_404(StaffMember.objects.select_related("body__unit"), pk=pk)


def _register_board(user, unit: Unit) -> Unit:
    """The board whose register a body or staff member's page returns to: the user's own board when it is one."""
    if user.unit_id and user.unit.kind in (UnitKind.BOARD, UnitKind.CENTRAL):
        return user.unit
    return unit


@permission_required("clusters.manage_tdkt", fn=_board, raise_exception=True)
@require_GET
def register(request, pk):
    board = _board(request, pk)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "clusters/tdkt/register.html",
        {
            "board": board,
            "form": form,
            "bodies": selectors.body_list(board=board)[:200],
            "page": paginate(request, selectors.staff_list(board=board, query=query)),
            "year": timezone.localdate().year,
        },
    )


@permission_required("clusters.manage_tdkt", fn=_board, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def body_create(request, pk):
    board = _board(request, pk)
    form = TdktBodyForm(request.POST or None, units=selectors.body_unit_choices(board=board))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            create_once(
                request,
                lambda: services.body_create(actor=request.user, **data),
                url=lambda body: reverse("clusters:tdkt_register", args=[board.pk]),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã thêm cơ quan vào sổ."))
            return redirect("clusters:tdkt_register", board.pk)
    title = _("Thêm cơ quan làm công tác thi đua, khen thưởng — %(board)s") % {"board": board.name}
    return render(request, "clusters/form.html", {"form": form, "title": title})


@permission_required("clusters.manage_tdkt", fn=_body, raise_exception=True)
@require_http_methods(["GET", "POST"])
def body_update(request, pk):
    body = _body(request, pk)
    board = _register_board(request.user, body.unit)
    form = TdktBodyForm(
        request.POST or None,
        instance=TdktBody.objects.get(pk=pk),
        units=selectors.body_unit_choices(board=board, keep=body.unit),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.body_update(actor=request.user, body=body, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("clusters:tdkt_register", board.pk)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": body}})


@permission_required("clusters.manage_tdkt", fn=_board, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def staff_create(request, pk):
    board = _board(request, pk)
    form = StaffMemberForm(request.POST or None, bodies=selectors.body_list(board=board))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            member = create_once(
                request,
                lambda: services.staff_create(actor=request.user, **data),
                url=lambda member: reverse("clusters:tdkt_register", args=[board.pk]),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": member.full_name})
            return redirect("clusters:tdkt_register", board.pk)
    title = _("Thêm công chức làm công tác thi đua, khen thưởng — %(board)s") % {"board": board.name}
    return render(request, "clusters/form.html", {"form": form, "title": title})


@permission_required("clusters.manage_tdkt", fn=_member, raise_exception=True)
@require_http_methods(["GET", "POST"])
def staff_update(request, pk):
    member = _member(request, pk)
    board = _register_board(request.user, member.body.unit)
    form = StaffMemberForm(
        request.POST or None, instance=StaffMember.objects.get(pk=pk), bodies=selectors.body_list(board=board)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.staff_update(actor=request.user, member=member, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("clusters:tdkt_register", board.pk)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": member}})
