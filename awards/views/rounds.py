"""Rounds (đợt xét) pages: the list, opening a round, a round with its proposals and late flags."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.web import error_messages, paginate

from ..forms.rounds import RoundForm
from ..models import AwardRound
from ..selectors.rounds import round_list as list_rounds
from ..selectors.rounds import round_proposals
from ..services.rounds import round_create as create_round


def _round(request, pk, *args, **kwargs):
    return get_object_or_404(AwardRound.objects.select_related("board"), pk=pk)


def _own_unit(request, *args, **kwargs):
    return request.user.unit


@permission_required("awards.view_rounds", raise_exception=True)
@require_GET
def round_list(request):
    user = request.user
    return render(
        request,
        "awards/round_list.html",
        {
            "page": paginate(request, list_rounds(user)),
            "can_create": bool(user.unit_id) and user.has_perm("awards.add_round", user.unit),
        },
    )


@permission_required("awards.add_round", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = create_once(
                request,
                lambda: create_round(
                    actor=request.user,
                    board=request.user.unit,
                    year=data["year"],
                    purpose=data["purpose"],
                    kind=data["kind"],
                    title=data["title"],
                    opens_on=data["opens_on"],
                    due_date=data["due_date"],
                    award_types=data["award_types"],
                    note=data["note"],
                ),
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã mở đợt xét."))
            return redirect(round_)
    return render(request, "awards/form.html", {"form": form, "title": _("Mở đợt xét")})


@permission_required("awards.view_round", fn=_round, raise_exception=True)
@require_GET
def round_detail(request, pk):
    round_ = _round(request, pk)
    proposals = round_proposals(request.user, round_)
    return render(
        request,
        "awards/round_detail.html",
        {
            "round": round_,
            "page": paginate(request, proposals),
            "late": proposals.filter(is_late=True).count(),
        },
    )
