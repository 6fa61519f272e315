"""Pages of units: the registry's list, a unit's page (its groups, lineage, subordinate units and people),
editing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.units import UNIT_KIND_CHOICES, UnitForm
from ..models import Unit
from ..selectors import units as selectors
from ..selectors.groups import unit_memberships
from ..selectors.people import unit_people
from ..services import units as services
from ..web import SearchForm, add_form_errors, paginate

#: Subordinate units listed on a unit's page; all of them on the unit list filtered by parent.
UNIT_CHILDREN_SHOWN = 200


@permission_required("clusters.view_unit", raise_exception=True)
def unit_list(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    kind = request.GET.get("kind", "")
    if kind not in dict(UNIT_KIND_CHOICES):
        kind = ""
    parent_id = request.GET.get("parent", "")
    parent = Unit.objects.filter(pk=int(parent_id)).first() if parent_id.isdigit() and len(parent_id) < 10 else None
    enterprises_only = request.GET.get("enterprise") == "1"
    page = paginate(
        request, selectors.unit_list(query=query, kind=kind, parent=parent, enterprises_only=enterprises_only)
    )
    return render(
        request,
        "clusters/unit_list.html",
        {
            "form": form,
            "page": page,
            "parent": parent,
            "kind": kind,
            "kinds": UNIT_KIND_CHOICES,
            "enterprises_only": enterprises_only,
        },
    )


def _unit(request, pk):
    return get_object_or_404(Unit, pk=pk)


@permission_required("clusters.view_unit", fn=_unit, raise_exception=True)
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.select_related("parent", "successor"), pk=pk)
    can_see_people = request.user.has_perm("clusters.view_unit_people", unit)
    people_page = None
    query = ""
    if can_see_people:
        query = request.GET.get("q", "")[:100]
        people_page = paginate(request, unit_people(unit=unit, query=query))
    return render(
        request,
        "clusters/unit_detail.html",
        {
            "unit": unit,
            "memberships": unit_memberships(unit=unit),
            "predecessors": unit.predecessors.order_by("name"),
            "children": unit.children.order_by("name")[:UNIT_CHILDREN_SHOWN],
            "children_count": unit.children.count(),
            "people_page": people_page,
            "query": query,
            "can_see_people": can_see_people,
            "can_add_person": request.user.has_perm("clusters.add_person", unit),
            "can_edit": request.user.has_perm("clusters.change_unit", unit),
        },
    )


@permission_required("clusters.change_unit", fn=_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
def unit_update(request, pk):
    unit = _unit(request, pk)
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        try:
            services.unit_update(actor=request.user, unit=unit, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(unit)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa đơn vị %(name)s") % {"name": unit}})


@permission_required("clusters.add_unit", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def unit_create(request):
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = create_once(request, lambda: services.unit_create(actor=request.user, **form.cleaned_data))
        except ValidationError as error:
            add_form_errors(form, error)
            return render(request, "clusters/form.html", {"form": form, "title": _("Thêm đơn vị")})
        messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "clusters/form.html", {"form": form, "title": _("Thêm đơn vị")})
