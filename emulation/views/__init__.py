"""Project-level pages: the dashboard, health check, language switch."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from clusters.dashboard import panels_for


def dashboard(request):
    return render(request, "dashboard.html", {"panels": panels_for(request.user)})


@login_not_required
@never_cache
def health(request):
    """Liveness for the load balancer and docker-compose: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


set_language = login_not_required(django_set_language)
