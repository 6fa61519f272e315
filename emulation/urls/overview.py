"""The year-end overview page (namespace "yearend", under /tong-ket/, with the scoring, ballot and report pages;
see config/urls.py)."""

from django.urls import path

from ..views import overview as views

urlpatterns = [
    path("", views.overview, name="overview"),
]
