"""Campaign pages (namespace "campaigns", under /phong-trao/, see config/urls.py)."""

from django.urls import path

from ..views import campaigns as views

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("them/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/sua/", views.campaign_update, name="update"),
]
