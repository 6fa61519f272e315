"""Pledge pages of drafting (namespace "pledges", under /giao-uoc/, with `signing`'s; see config/urls.py)."""

from django.urls import path

from ..views import pledges as views

urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("cum-khoi/<int:group_pk>/nam/<year:year>/", views.pledge_of_group_year, name="group_year"),
    path("cum-khoi/<int:group_pk>/nam/<year:year>/tao/", views.pledge_create, name="create"),
    path("cum-khoi/<int:group_pk>/nam/<year:year>/sao-chep/", views.pledge_copy, name="copy"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/sua/", views.pledge_update, name="update"),
    path("<int:pk>/noi-dung/them/", views.item_edit, name="item_add"),
    path("<int:pk>/noi-dung/<int:item_pk>/sua/", views.item_edit, name="item_update"),
    path("<int:pk>/noi-dung/<int:item_pk>/xoa/", views.item_delete, name="item_delete"),
    path("<int:pk>/noi-dung/<int:item_pk>/di-chuyen/", views.item_move, name="item_move"),
    path("<int:pk>/tieu-chi/them/", views.criterion_edit, name="criterion_add"),
    path("<int:pk>/tieu-chi/<int:criterion_pk>/sua/", views.criterion_edit, name="criterion_update"),
    path("<int:pk>/tieu-chi/<int:criterion_pk>/xoa/", views.criterion_delete, name="criterion_delete"),
]
