"""Project-level pages: the dashboard, health check, language switch, the API's reference, and the benchmark's bare
view."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
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


@login_not_required
@never_cache
@require_GET
def bare(request):
    """A bare Django view for `manage.py benchmark`: the cost of the stack (gunicorn, middleware, routing) with no
    database and no template, the yardstick the pages' throughput is compared with. Public by design like /health/
    (no data, no state); it answers 404 unless the BENCHMARK_BARE_VIEW setting is on, which only the benchmark sets."""
    if not settings.BENCHMARK_BARE_VIEW:
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


@require_GET
def api_docs(request):
    """The REST API's reference (issue 20 item 1): Swagger UI from drf-spectacular-sidecar's static files, started
    by static/js/api-docs.js (no inline script: CSP), reading /api/v1/schema/ with the signed-in session."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
