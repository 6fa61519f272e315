"""Statutory statistics pages (namespace "statistics", under /thong-ke/; see config/urls.py)."""

from django.urls import path

from ..views import statistics as views

urlpatterns = [
    path("ban-thi-dua/<int:pk>/nam/<year:year>/", views.board_statistics, name="board"),
    path("ban-thi-dua/<int:pk>/nam/<year:year>/bieu/<int:form_pk>/lap/", views.run_request, name="run_request"),
    path("lap/<int:pk>/", views.run_detail, name="run"),
    path("lap/<int:pk>/tien-do/", views.run_progress, name="run_progress"),
    path("lap/<int:pk>/gui-lai/", views.run_retry, name="run_retry"),
    path("lap/<int:pk>/tai/<str:fmt>/", views.run_download, name="download"),
    path("so-lieu-nhap-tay/<int:pk>/", views.sheet_edit, name="sheet_edit"),
]
