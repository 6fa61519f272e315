"""Year-end summary report pages (namespace "yearend", under /tong-ket/; see config/urls.py)."""

from django.urls import path

from ..views import reports as views

urlpatterns = [
    path("cum-khoi/<int:pk>/nam/<year:year>/bao-cao/", views.group_reports, name="reports"),
    path("cum-khoi/<int:pk>/nam/<year:year>/bao-cao/tao/", views.group_report_request, name="report_request"),
    path("ban-thi-dua/<int:pk>/nam/<year:year>/bao-cao/", views.rollup_reports, name="rollup_reports"),
    path("ban-thi-dua/<int:pk>/nam/<year:year>/bao-cao/tao/", views.rollup_report_request, name="rollup_request"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report"),
    path("bao-cao/<int:pk>/tien-do/", views.report_progress, name="report_progress"),
    path("bao-cao/<int:pk>/gui-lai/", views.report_retry, name="report_retry"),
    path("bao-cao/<int:pk>/tai/<str:fmt>/", views.report_download, name="report_download"),
]
