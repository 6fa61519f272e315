"""The year-end overview page: each group-year the user takes part in, with its scoring, ballot and report."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from clusters.models import Role
from clusters.web import paginate

from ..forms.overview import OverviewFilterForm
from ..selectors.overview import yearend_overview


@permission_required("emulation.view_yearend_overview", raise_exception=True)
@require_GET
def overview(request):
    """The year ends the user takes part in: each group-year's scoring, ballot and summary report."""
    form = OverviewFilterForm(request.GET or None)
    year, query = None, ""
    if form.is_valid():
        year, query = form.cleaned_data["year"], form.cleaned_data["q"]
    rows = yearend_overview(user=request.user, year=year, query=query)
    return render(
        request,
        "emulation/yearend/overview.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "for_board": request.user.is_system_admin or request.user.role == Role.REVIEWER,
        },
    )
