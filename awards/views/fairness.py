"""The fairness page (seed 002): who the proposals and awards go to, per proposing unit."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from clusters.web import paginate

from ..forms.fairness import FairnessForm
from ..models import AwardPolicy
from ..selectors import fairness as fairness_selectors
from ..selectors.proposals import readable_proposals

UNITS_PER_PAGE = 50


@permission_required("awards.view_fairness", raise_exception=True)
@require_GET
def fairness(request):
    proposals = readable_proposals(request.user)
    latest = fairness_selectors.latest_proposal_year(proposals)
    form = FairnessForm(request.GET or None, initial={"year": latest})
    year = (form.cleaned_data["year"] if form.is_valid() else None) or latest
    policy = AwardPolicy.current()
    if request.user.is_system_admin:  # every proposing unit of the country: counted by the summary table, kept
        report = fairness_selectors.national_fairness(
            proposals=proposals, year=year, threshold=policy.leader_share_warning
        )
    else:
        report = fairness_selectors.fairness(proposals=proposals, year=year, threshold=policy.leader_share_warning)
    # the units' rows a page at a time (a system administrator's year has 2,755 of them at scale 10); the
    # warnings and the board's totals cover every unit
    page = paginate(request, report["rows"], per_page=UNITS_PER_PAGE)
    return render(request, "awards/fairness.html", {"form": form, "report": report, "year": year, "page": page})
