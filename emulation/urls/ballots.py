"""Year-end ballot pages (namespace "yearend", under /tong-ket/; see config/urls.py)."""

from django.urls import path

from ..views import ballots as views

urlpatterns = [
    path("cum-khoi/<int:pk>/nam/<year:year>/binh-xet/", views.ballot, name="ballot"),
    path("cum-khoi/<int:pk>/nam/<year:year>/binh-xet/mo/", views.ballot_open, name="ballot_open"),
    path("binh-xet/<int:pk>/bo-phieu/", views.ballot_vote, name="ballot_vote"),
    path("binh-xet/<int:pk>/ket-thuc/", views.ballot_close, name="ballot_close"),
    path("binh-xet/<int:pk>/bien-ban-kiem-phieu/", views.ballot_minutes, name="ballot_minutes"),
]
