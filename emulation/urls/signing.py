"""Pledge pages of signing (namespace "pledges", under /giao-uoc/, with `pledges`'s; see config/urls.py)."""

from django.urls import path

from ..views import signing as views

urlpatterns = [
    path("xac-minh/<str:code>/", views.pledge_verify, name="verify"),
    path("<int:pk>/mo-ky/", views.pledge_open, name="open"),
    path("<int:pk>/sua-doi/", views.pledge_amend, name="amend"),
    path("<int:pk>/nhac-ky/", views.pledge_remind, name="remind"),
    path("<int:pk>/ky/", views.pledge_sign, name="sign"),
    path("<int:pk>/ky-tren-giay/", views.pledge_paper_sign, name="paper_sign"),
    path("chu-ky/<int:pk>/ban-quet/", views.signature_scan, name="signature_scan"),
    path("<int:pk>/in/", views.pledge_print, name="print"),
    path("<int:pk>/pdf/", views.pledge_pdf, name="pdf"),
    path("<int:pk>/ban-ky-so/them/", views.pledge_signed_copy_add, name="signed_copy_add"),
    path("ban-ky-so/<int:pk>/", views.pledge_signed_copy, name="signed_copy"),
    path("xac-minh/<str:code>/kiem-tra-pdf/", views.pledge_pdf_check, name="pdf_check"),
]
