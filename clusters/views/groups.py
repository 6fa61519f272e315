"""Pages of clusters and blocs: the list, a group's years with their members and officers, editing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.groups import GroupFilterForm, GroupForm, GroupYearPickForm, MembershipYearForm
from ..models import EmulationGroup
from ..rules import GroupYear
from ..search import search as search_units
from ..selectors import groups as selectors
from ..services import groups as services
from ..text import YEAR_MAX, YEAR_MIN
from ..web import SearchForm, add_form_errors, audit_page, group_year_or_404, paginate


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
    picker = GroupYearPickForm(request.GET if "nam" in request.GET else None, initial={"nam": year})
    if picker.is_bound and picker.is_valid():
        # Any year may be opened, with members or not yet (a clerk sets next year's before it begins).
        return redirect("clusters:group_year", pk=group.pk, year=picker.cleaned_data["nam"])
    if year is None:
        years = selectors.group_years(group=group)
        this_year = timezone.localdate().year
        year = next((y for y in years if y <= this_year), years[0] if years else this_year)
    picker.initial = {"nam": year}
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
            "picker": picker,
            "previous_year": year - 1 if year > YEAR_MIN else None,
            "next_year": year + 1 if year < YEAR_MAX else None,
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
    """The members and officers of a group in a year. `?q=` narrows the units shown (without diacritics; the
    ticked ones stay); `?chep=1` starts the ticks from last year's members (also done when the year has none)."""
    group = _group(request, pk)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    copy_asked = request.method == "GET" and "chep" in request.GET

    def members_form(data=None, *, start_from_last_year=False):
        current = selectors.group_year(group=group, year=year)
        initial = {
            "units": [m.unit for m in current.members],
            "chair": current.chair.unit if current.chair else None,
            "vice_chair": current.vice_chair.unit if current.vice_chair else None,
            "standing_agency": current.standing_agency.unit if current.standing_agency else None,
        }
        candidates = selectors.member_candidates(group=group, year=year)
        if copy_asked or (not current.members and start_from_last_year):
            previous = selectors.last_years_members(group=group, year=year)
            if copy_asked and not previous.units and not previous.left_out:
                messages.warning(
                    request,
                    _("Năm %(year)s cụm, khối chưa có đơn vị thành viên nào để chép.") % {"year": year - 1},
                )
            elif copy_asked:
                # Added to this year's ticks: a clerk who ticked a few already keeps them.
                initial["units"] = list(dict.fromkeys([*initial["units"], *previous.units]))
                messages.info(
                    request,
                    _("Đã chép %(count)s đơn vị thành viên năm %(year)s; bấm “Lưu thành viên” để lưu.")
                    % {"count": len(previous.units), "year": year - 1},
                )
            else:
                initial["units"] = previous.units
            if copy_asked and previous.left_out:
                messages.warning(
                    request,
                    _("Không chép được (không hoạt động trong năm %(year)s hoặc ngoài phạm vi): %(names)s.")
                    % {"year": year, "names": ", ".join(previous.left_out)},
                )
        form = MembershipYearForm(
            data, initial=initial, candidates=candidates, year=year,
            version=selectors.memberships_version(group=group, year=year),
        )  # fmt: skip
        if data is None and query:
            # Only what is shown narrows: the ticked units stay in the list, and a post is checked against all.
            ticked = [unit.pk for unit in initial["units"]]
            shown = search_units(candidates, query, "name", "short_name")
            form.fields["units"].queryset = candidates.filter(Q(pk__in=shown.values("pk")) | Q(pk__in=ticked))
        return form

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
    return render(
        request,
        "clusters/group_members_form.html",
        {"form": form, "group": group, "year": year, "search": search, "query": query},
    )
