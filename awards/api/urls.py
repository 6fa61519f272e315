"""Awards' API routes, under /api/v1/ (config/urls.py)."""

from django.urls import path

from . import catalogue, decisions, proposals, records

urlpatterns = [
    path("award-types/", catalogue.AwardTypeListView.as_view(), name="award_types"),
    path("rule-sets/", catalogue.RuleSetListView.as_view(), name="rule_sets"),
    path("award-records/", records.RecordListView.as_view(), name="award_records"),
    path("decisions/", decisions.DecisionListView.as_view(), name="decisions"),
    path("decisions/<int:pk>/", decisions.DecisionDetailView.as_view(), name="decision"),
    path("proposals/", proposals.ProposalListView.as_view(), name="proposals"),
    path("proposals/<int:pk>/", proposals.ProposalDetailView.as_view(), name="proposal"),
]
