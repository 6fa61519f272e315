"""The yearly cycle's API routes, under /api/v1/ (config/urls.py)."""

from django.urls import path

from . import pledges

urlpatterns = [
    path("pledges/", pledges.PledgeListView.as_view(), name="pledges"),
    path("pledges/<int:pk>/", pledges.PledgeDetailView.as_view(), name="pledge"),
]
