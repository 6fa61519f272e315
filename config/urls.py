from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from awards.api import urls as awards_api
from clusters.api import urls as clusters_api
from clusters.api.base import SchemaView
from clusters.forms.accounts import LoginForm
from emulation.api import urls as emulation_api
from emulation.urls import ballots, campaigns, overview, pledges, reminders, reports, scoring, signing, statistics

from . import views

# The login refuses an address that failed too often across accounts (clusters.forms.accounts.LoginForm).
login_view = auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm)

#: The REST API (issue 20 item 1), versioned: each app's `api` package adds its routes; the schema answers a service
#: account's token or a signed-in session (clusters/api/base.py), the page of the API reads it.
api_v1 = [
    path("schema/", login_not_required(SchemaView.as_view()), name="schema"),
    *clusters_api.urlpatterns,
    *awards_api.urlpatterns,
    *emulation_api.urlpatterns,
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("api/v1/", include((api_v1, "api"))),
    path("api/v1/tai-lieu/", views.api_docs, name="api_docs"),
    path("health/", views.health, name="health"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("dang-nhap/", login_view, name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # the one-time link of an invitation or a password reset (clusters.services.accounts)
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(post_reset_login=False),
        name="password_reset_confirm",
    ),
    path("dat-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("quan-tri/", admin.site.urls),
    path("", include("clusters.urls")),
    path("khen-thuong/", include("awards.urls", namespace="awards")),
    # the yearly cycle: each namespace gathers the pages of one or more of emulation's features
    path("phong-trao/", include((campaigns.urlpatterns, "campaigns"))),
    path("giao-uoc/", include((pledges.urlpatterns + signing.urlpatterns, "pledges"))),
    path(
        "tong-ket/",
        include(
            (
                overview.urlpatterns
                + scoring.urlpatterns
                + ballots.urlpatterns
                + reports.urlpatterns
                + reminders.urlpatterns,
                "yearend",
            )
        ),
    ),
    path("thong-ke/", include((statistics.urlpatterns, "statistics"))),  # stats: biểu thống kê 0601–0605
]

if settings.BENCHMARK_BARE_VIEW:  # manage.py benchmark only; public by design like /health/ (no data)
    urlpatterns.append(path("benchmark/bare/", views.bare, name="benchmark_bare"))
