"""Reminders of the chair unit to the members (namespace "yearend", under /tong-ket/; see config/urls.py)."""

from django.urls import path

from ..views import reminders as views

urlpatterns = [
    path("cum-khoi/<int:pk>/nam/<year:year>/nhac-viec/<str:task>/", views.members_remind, name="members_remind"),
]
