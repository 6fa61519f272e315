"""Pages of clusters and blocs: the list, a group's years with their members and officers, editing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.groups import GroupFilterForm, GroupForm, MembershipYearForm
from ..models import EmulationGroup
from ..rules import GroupYear
from ..selectors import groups as selectors
from ..services import groups as services
from ..web import add_form_errors, audit_page, group_year_or_404, paginate


def _group(request, pk, **kwargs):
    return get_object_or_404(EmulationGroup, pk=pk)


@permission_required("clusters.view_emulationgroup", raise_exception=True)
def group_list(request):
    form = GroupFilterForm(request.GET or None)
    year = selectors.default_year()
    query = kind = ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        query = form.cleaned_data["q"]
        kind = form.cleaned_data["kind"]
    page = paginate(request, selectors.group_list(year=year, query=query, kind=kind))
    return render(
        request,
        "clusters/group_list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "query": query,
        },
    )


@permission_required("clusters.view_emulationgroup", fn=_group, raise_exception=True)
def group_detail(request, pk, year=None):
    group = get_object_or_404(EmulationGroup.objects.select_related("organizer"), pk=pk)
    if year is None:
        years = selectors.group_years(group=group)
        this_year = timezone.localdate().year
        year = next((y for y in years if y <= this_year), years[0] if years else this_year)
    view = selectors.group_year(group=group, year=year)
    group_year = GroupYear(group, year)
    can_manage = request.user.has_perm("clusters.manage_membership", group_year)
    return render(
        request,
        "clusters/group_detail.html",
        {
            "group": group,
            "year": year,
            "group_year": group_year,
            "view": view,
            "history": selectors.chair_history(group=group),
            "can_manage": can_manage,
            "can_edit": request.user.has_perm("clusters.change_emulationgroup", group),
            "audit": audit_page(request, group) if request.user.has_perm("clusters.view_audit", group) else None,
        },
    )


@permission_required("clusters.add_emulationgroup", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def group_create(request):
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = create_once(request, lambda: services.group_create(actor=request.user, **form.cleaned_data))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã tạo %(name)s.") % {"name": group.name})
            return redirect(group)
    return render(request, "clusters/form.html", {"form": form, "title": _("Thêm cụm, khối thi đua")})


@permission_required("clusters.change_emulationgroup", fn=_group, raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_update(request, pk):
    group = _group(request, pk)
    form = GroupForm(request.POST or None, instance=EmulationGroup.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.group_update(actor=request.user, group=group, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(group)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": group.name}})


@permission_required("clusters.manage_membership", fn=group_year_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_members(request, pk, year):
    group = _group(request, pk)

    def members_form(data=None, *, start_from_last_year=False):
        current = selectors.group_year(group=group, year=year)
        initial = {
            "units": [m.unit for m in current.members],
            "chair": current.chair.unit if current.chair else None,
            "vice_chair": current.vice_chair.unit if current.vice_chair else None,
            "standing_agency": current.standing_agency.unit if current.standing_agency else None,
        }
        if not current.members and start_from_last_year:
            previous = selectors.group_year(group=group, year=year - 1)
            initial["units"] = [m.unit for m in previous.members]
        candidates = selectors.member_candidates(group=group, year=year)
        version = selectors.memberships_version(group=group, year=year)
        return MembershipYearForm(data, initial=initial, candidates=candidates, year=year, version=version)

    form = members_form(request.POST or None, start_from_last_year=request.method == "GET")
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set(
                actor=request.user, group=group, year=year, version=form.expected_version, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error, current=members_form)
        else:
            messages.success(request, _("Đã lưu thành viên năm %(year)s.") % {"year": year})
            return redirect("clusters:group_year", pk=group.pk, year=year)
    return render(request, "clusters/group_members_form.html", {"form": form, "group": group, "year": year})
