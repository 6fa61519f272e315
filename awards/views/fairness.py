"""The fairness page (seed 002): who the proposals and awards go to, per proposing unit."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from ..forms.fairness import FairnessForm
from ..models import AwardPolicy
from ..selectors import fairness as fairness_selectors
from ..selectors.proposals import readable_proposals


@permission_required("awards.view_fairness", raise_exception=True)
@require_GET
def fairness(request):
    proposals = readable_proposals(request.user)
    latest = fairness_selectors.latest_proposal_year(proposals)
    form = FairnessForm(request.GET or None, initial={"year": latest})
    year = (form.cleaned_data["year"] if form.is_valid() else None) or latest
    policy = AwardPolicy.current()
    report = fairness_selectors.fairness(
        proposals=proposals,
        year=year,
        threshold=policy.leader_share_warning,
        every_proposal=request.user.is_system_admin,  # all of them: counted by the summary table
    )
    return render(request, "awards/fairness.html", {"form": form, "report": report, "year": year})
