from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("cum-khoi/", views.group_list, name="group_list"),
    path("cum-khoi/them/", views.group_create, name="group_create"),
    path("cum-khoi/<int:pk>/", views.group_detail, name="group_detail"),
    path("cum-khoi/<int:pk>/nam/<int:year>/", views.group_detail, name="group_year"),
    path("cum-khoi/<int:pk>/sua/", views.group_update, name="group_update"),
    path("cum-khoi/<int:pk>/nam/<int:year>/thanh-vien/", views.group_members, name="group_members"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_update, name="unit_update"),
    path("don-vi/<int:pk>/ca-nhan/them/", views.person_create, name="person_create"),
    path("ca-nhan/", views.people, name="person_list"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_update, name="person_update"),
]
