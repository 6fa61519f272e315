"""API tokens for a board's administrator (issue 20 item 1): the board's service accounts, giving one and revoking
one. A new token is shown once: the form's answer keeps it in the session until the list shows it (with no-store,
so the page cache never keeps that page), then it is gone; only its hash stays."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from ..concurrency import create_once, creates_once
from ..forms.tokens import TokenForm
from ..models import ApiToken
from ..selectors import tokens as selectors
from ..services import tokens as services
from ..web import add_form_errors, flash_errors, paginate

#: The session key that holds a new token until the list shows it, once.
SHOWN = "api_token_shown"


def _token(request, pk):
    return get_object_or_404(ApiToken.objects.select_related("board", "account"), pk=pk)


@permission_required("clusters.manage_api_tokens", raise_exception=True)
@require_GET
def token_list(request):
    shown = request.session.pop(SHOWN, None)
    response = render(
        request,
        "clusters/tokens/list.html",
        {"page": paginate(request, selectors.tokens_for(request.user)), "shown": shown},
    )
    if shown:
        add_never_cache_headers(response)
    return response


@permission_required("clusters.manage_api_tokens", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def token_create(request):
    form = TokenForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, key = create_once(
                request,
                lambda: services.token_create(
                    actor=request.user,
                    name=data["name"],
                    role=data["role"],
                    unit=data.get("unit"),
                    board=data.get("board"),
                ),
                url=lambda created: reverse("clusters:token_list"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            request.session[SHOWN] = {"name": token.name, "key": key}
            return redirect("clusters:token_list")
    return render(request, "clusters/form.html", {"form": form, "title": _("Cấp mã truy cập API")})


@permission_required("clusters.change_apitoken", fn=_token, raise_exception=True)
@require_POST
def token_revoke(request, pk):
    token = _token(request, pk)
    try:
        services.token_revoke(actor=request.user, token=token)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã thu hồi mã truy cập của %(name)s.") % {"name": token.name})
    return redirect("clusters:token_list")
