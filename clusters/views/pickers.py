"""The search endpoint of the server-side pickers (clusters.pickers): a form's drop-down asks it as one types."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .. import pickers


@login_required
@require_GET
def picker_search(request):
    """`?spec=<signed spec>&q=<words>`: at most pickers.RESULTS rows [{id, label}] of the picker the spec names,
    rebuilt for the signed-in user and kept to what they read; 400 for a spec that is not ours."""
    try:
        picker, args = pickers.unsign(request.GET.get("spec", "")[:2000])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return JsonResponse({"error": "bad spec"}, status=400)
    query = request.GET.get("q", "")[:100]
    try:
        rows = pickers.results(picker, args, user=request.user, query=query)
    except TypeError:  # arguments the builder no longer takes
        return JsonResponse({"error": "bad spec"}, status=400)
    response = JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
