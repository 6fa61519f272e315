"""A bare Django view for `manage.py benchmark`: the cost of the stack (gunicorn, middleware, routing)
with no database and no template, the yardstick the key pages' throughput is compared with.

Public by design like /health/ (no data, no state); it answers 404 unless the BENCHMARK_BARE_VIEW
setting (environment variable) is on, which only the benchmark sets.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def bare(request):
    if not settings.BENCHMARK_BARE_VIEW:
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")
