"""The organisation's API routes, under /api/v1/ (config/urls.py)."""

from django.urls import path

from . import groups, units

urlpatterns = [
    path("units/", units.UnitListView.as_view(), name="units"),
    path("units/<int:pk>/", units.UnitDetailView.as_view(), name="unit"),
    path("groups/", groups.GroupListView.as_view(), name="groups"),
    path("groups/<int:pk>/years/<year:year>/", groups.GroupYearView.as_view(), name="group_year"),
]
