"""Pages of people: the list (one unit's or everyone's), a person's page, adding and editing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.people import PersonForm
from ..models import Person, Unit
from ..selectors import people as selectors
from ..services import people as services
from ..web import SearchForm, add_form_errors, audit_page, paginate


def _unit(request, pk):
    return get_object_or_404(Unit, pk=pk)


def people(request):
    """People of the units the user reads: their own (staff, leaders), their board's (reviewers), all (admins)."""
    user = request.user
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.person_list(user=user, query=query))
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
@creates_once
def person_create(request, pk):
    unit = _unit(request, pk)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = create_once(
                request, lambda: services.person_create(actor=request.user, unit=unit, **form.cleaned_data)
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
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
        try:
            services.person_update(actor=request.user, person=person, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(person)
    return render(request, "clusters/form.html", {"form": form, "title": _("Sửa %(name)s") % {"name": person}})
