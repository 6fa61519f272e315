"""Organisation pages. Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from .forms import (
    UNIT_KIND_CHOICES,
    GroupFilterForm,
    GroupForm,
    MembershipYearForm,
    PersonForm,
    SearchForm,
    UnitForm,
)
from .models import EmulationGroup, Membership, Person, Role, Unit, UnitKind
from .rules import GroupYear
from .selectors import groups as group_selectors
from .selectors import people as people_selectors
from .selectors import units as unit_selectors
from .services import groups as group_services
from .services import people as people_services
from .services import units as unit_services
from .web import add_form_errors, audit_page, paginate


def querystring_without_page(request) -> str:
    """Deprecated, kept only for the awards and emulation views that still import it (with `paginate` and
    `audit_page`, now in clusters.web) and pass its `qs` to their templates, which no longer read it:
    includes/pagination.html builds its links with `{% querystring %}`. Delete it once they stop."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


#: Subordinate units listed on a unit's page; all of them on the unit list filtered by parent.
UNIT_CHILDREN_SHOWN = 200


def default_year() -> int:
    """The year shown when none is asked for: the latest year with members, not after this year."""
    this_year = timezone.localdate().year
    latest = Membership.objects.filter(year__lte=this_year).order_by("-year").values_list("year", flat=True).first()
    return latest or this_year


def _group(request, pk, **kwargs):
    return get_object_or_404(EmulationGroup, pk=pk)


# --- Clusters and blocs ---------------------------------------------------------------------
@permission_required("clusters.view_emulationgroup", raise_exception=True)
def group_list(request):
    form = GroupFilterForm(request.GET or None)
    year = default_year()
    query = kind = ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        query = form.cleaned_data["q"]
        kind = form.cleaned_data["kind"]
    page = paginate(request, group_selectors.group_list(year=year, query=query, kind=kind))
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
        years = group_selectors.group_years(group=group)
        this_year = timezone.localdate().year
        year = next((y for y in years if y <= this_year), years[0] if years else this_year)
    view = group_selectors.group_year(group=group, year=year)
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
            "history": group_selectors.chair_history(group=group),
            "can_manage": can_manage,
            "can_edit": request.user.has_perm("clusters.change_emulationgroup", group),
            "audit": audit_page(request, group) if request.user.has_perm("clusters.view_audit") else None,
        },
    )


@permission_required("clusters.add_emulationgroup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_create(request):
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        group = group_services.group_create(actor=request.user, **form.cleaned_data)
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
        group_services.group_update(actor=request.user, group=group, **data)
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect(group)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": group.name}})


def _group_year(request, pk, year):
    return GroupYear(_group(request, pk), year)


@permission_required("clusters.manage_membership", fn=_group_year, raise_exception=True)
@require_http_methods(["GET", "POST"])
def group_members(request, pk, year):
    group = _group(request, pk)
    current = group_selectors.group_year(group=group, year=year)
    initial = {
        "units": [m.unit for m in current.members],
        "chair": current.chair.unit if current.chair else None,
        "vice_chair": current.vice_chair.unit if current.vice_chair else None,
        "standing_agency": current.standing_agency.unit if current.standing_agency else None,
    }
    if not current.members and request.method == "GET":
        previous = group_selectors.group_year(group=group, year=year - 1)
        initial["units"] = [m.unit for m in previous.members]
    candidates = Unit.objects.exclude(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL]).order_by("kind", "name")
    form = MembershipYearForm(request.POST or None, initial=initial, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            group_services.membership_set(actor=request.user, group=group, year=year, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thành viên năm %(year)s.") % {"year": year})
            return redirect("clusters:group_year", pk=group.pk, year=year)
    return render(request, "clusters/group_members_form.html", {"form": form, "group": group, "year": year})


# --- Units --------------------------------------------------------------------------------------
@permission_required("clusters.view_unit", raise_exception=True)
def unit_list(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    kind = request.GET.get("kind", "")
    if kind not in dict(UNIT_KIND_CHOICES):
        kind = ""
    parent_id = request.GET.get("parent", "")
    parent = Unit.objects.filter(pk=int(parent_id)).first() if parent_id.isdigit() and len(parent_id) < 10 else None
    page = paginate(request, unit_selectors.unit_list(query=query, kind=kind, parent=parent))
    return render(
        request,
        "clusters/unit_list.html",
        {
            "form": form,
            "page": page,
            "parent": parent,
            "kind": kind,
            "kinds": UNIT_KIND_CHOICES,
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
        people_page = paginate(request, people_selectors.unit_people(unit=unit, query=query))
    return render(
        request,
        "clusters/unit_detail.html",
        {
            "unit": unit,
            "memberships": group_selectors.unit_memberships(unit=unit),
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
            unit_services.unit_update(actor=request.user, unit=unit, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(unit)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa đơn vị %(name)s") % {"name": unit}})


@permission_required("clusters.add_unit", raise_exception=True)
@require_http_methods(["GET", "POST"])
def unit_create(request):
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = unit_services.unit_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
        return redirect(unit)
    return render(request, "clusters/form.html", {"form": form, "title": _("Thêm đơn vị")})


# --- People -------------------------------------------------------------------------------------
def people(request):
    """People of the user's own unit (staff, leaders) or of every unit (reviewers, admins)."""
    user = request.user
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if user.is_system_admin or user.role == Role.REVIEWER:
        queryset = people_selectors.person_list(query=query)
    elif user.unit_id:
        queryset = people_selectors.person_list(query=query, unit_id=user.unit_id)
    else:
        queryset = Person.objects.none()
    page = paginate(request, queryset)
    return render(
        request,
        "clusters/person_list.html",
        {
            "form": form,
            "page": page,
            "can_add": bool(user.unit_id) and user.has_perm("clusters.add_person", user.unit),
        },
    )


@permission_required("clusters.add_person", fn=_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_create(request, pk):
    unit = _unit(request, pk)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = people_services.person_create(actor=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
        return redirect(person)
    return render(request, "clusters/form.html", {"form": form, "title": _("Thêm cá nhân — %(unit)s") % {"unit": unit}})


def _person(request, pk):
    return get_object_or_404(Person, pk=pk)


@permission_required("clusters.view_person", fn=_person, raise_exception=True)
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    return render(
        request,
        "clusters/person_detail.html",
        {
            "person": person,
            "can_edit": request.user.has_perm("clusters.change_person", person),
            "audit": audit_page(request, person),
        },
    )


@permission_required("clusters.change_person", fn=_person, raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_update(request, pk):
    person = _person(request, pk)
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        people_services.person_update(actor=request.user, person=person, **data)
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect(person)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": person}})
