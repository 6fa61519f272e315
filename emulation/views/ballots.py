"""Year-end ballot pages: the group's ballot, opening it, voting, closing it with the count."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from awards.documents.templates import DOCX
from clusters.web import flash_errors, group_year_or_404

from ..documents import ballots as ballot_documents
from ..forms.ballots import BallotCloseForm, BallotOpenForm, VoteForm
from ..models import Ballot, QuestionKind
from ..selectors import ballots as selectors
from ..services import ballots as services
from .base import run_service


def _ballot(request, pk):
    return get_object_or_404(Ballot.objects.select_related("group"), pk=pk)


@permission_required("emulation.view_ballot", fn=group_year_or_404, raise_exception=True)
@require_GET
def ballot(request, pk, year):
    group_year = group_year_or_404(request, pk, year)
    group = group_year.group
    current = selectors.ballot_for(group=group, year=year)
    user = request.user
    context = {
        "group": group,
        "year": year,
        "ballot": current,
        "can_manage": user.has_perm("emulation.manage_ballot", group_year),
    }
    if current is None:
        if context["can_manage"]:
            flag, certificate = services.award_options(group=group)
            context["open_form"] = BallotOpenForm(certificate=certificate)
            context["flag"], context["certificate"] = flag, certificate
    else:
        voted = selectors.voted_unit_ids(ballot=current)
        context["voted_count"] = len(voted)
        context["has_voted"] = user.unit_id in voted
        if user.has_perm("emulation.vote_ballot", current) and user.unit_id not in voted:
            questions = current.questions.prefetch_related("candidates__unit").order_by("order", "id")
            context["vote_form"] = VoteForm(questions=questions)
        if current.is_open and context["can_manage"]:
            context["not_voted"] = selectors.not_voted(ballot=current)
            context["can_close"] = bool(voted)  # the service refuses to count a ballot nobody has voted in
        if user.has_perm("emulation.view_ballot_results", current):
            context["questions"] = selectors.ballot_results(ballot=current)
    return render(request, "emulation/yearend/ballot.html", context)


@permission_required("emulation.manage_ballot", fn=group_year_or_404, raise_exception=True)
@require_POST
def ballot_open(request, pk, year):
    group = group_year_or_404(request, pk, year).group
    form = BallotOpenForm(request.POST, certificate=services.award_options(group=group)[1])
    if not form.is_valid():
        messages.error(request, _("Vui lòng kiểm tra lại các thông tin của cuộc bỏ phiếu."))
        return redirect("yearend:ballot", pk, year)
    data = form.cleaned_data
    questions = services.default_questions(group=group, year=year)
    if data.get("award_seats", 0) == 0:
        questions = [q for q in questions if q.kind != QuestionKind.AWARD]
    else:
        for question in questions:
            if question.kind == QuestionKind.AWARD:
                question.seats = data["award_seats"]
    run_service(
        request,
        lambda: services.ballot_open(
            actor=request.user,
            group=group,
            year=year,
            title=data["title"],
            is_secret=data["is_secret"],
            threshold_percent=data["threshold_percent"],
            threshold_base=data["threshold_base"],
            questions=questions,
        ),
        _("Đã mở bỏ phiếu."),
    )
    return redirect("yearend:ballot", pk, year)


@permission_required("emulation.vote_ballot", fn=_ballot, raise_exception=True)
@require_POST
def ballot_vote(request, pk):
    current = _ballot(request, pk)
    questions = current.questions.prefetch_related("candidates__unit").order_by("order", "id")
    form = VoteForm(request.POST, questions=questions)
    if form.is_valid():
        run_service(
            request,
            lambda: services.ballot_vote(actor=request.user, ballot=current, choices=form.choices()),
            _("Đã ghi nhận phiếu bầu của đơn vị."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("yearend:ballot", current.group_id, current.year)


@permission_required("emulation.manage_ballot", fn=_ballot, raise_exception=True)
@require_http_methods(["GET", "POST"])
def ballot_close(request, pk):
    """Closing is irreversible: GET shows what it will do and who has not voted yet; only the POST of that
    confirmation (with `confirm`) counts the votes. Works without JavaScript."""
    current = _ballot(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        form = BallotCloseForm(request.POST)
        form.is_valid()
        if run_service(
            request,
            lambda: services.ballot_close(
                actor=request.user,
                ballot=current,
                create_next_term=form.cleaned_data.get("create_next_term", False),
                create_proposals=form.cleaned_data.get("create_proposals", False),
            ),
            _("Đã kết thúc bỏ phiếu và công bố kết quả."),
        ):
            return redirect("yearend:ballot", current.group_id, current.year)
        return redirect("yearend:ballot_close", current.pk)
    if request.method == "POST" or not current.is_open:
        if not current.is_open:
            messages.info(request, _("Cuộc bỏ phiếu đã kết thúc."))
            return redirect("yearend:ballot", current.group_id, current.year)
        return redirect("yearend:ballot_close", current.pk)
    voted = selectors.voted_unit_ids(ballot=current)
    return render(
        request,
        "emulation/yearend/ballot_close.html",
        {
            "group": current.group,
            "year": current.year,
            "ballot": current,
            "voted_count": len(voted),
            "not_voted": selectors.not_voted(ballot=current),
            "questions": current.questions.order_by("order", "id"),
            "close_form": BallotCloseForm() if voted else None,
        },
    )


@permission_required("emulation.view_ballot", fn=_ballot, raise_exception=True)
@require_GET
def ballot_minutes(request, pk):
    """The vote-count minutes (biên bản kiểm phiếu) of a closed ballot, from the organising board's template."""
    current = _ballot(request, pk)
    if not request.user.has_perm("emulation.view_ballot_results", current):  # open: no count yet
        messages.info(request, _("Biên bản kiểm phiếu có sau khi kết thúc bỏ phiếu."))
        return redirect("yearend:ballot", current.group_id, current.year)
    try:
        content = ballot_documents.ballot_minutes_docx(current)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("yearend:ballot", current.group_id, current.year)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{current.pk}.docx"'
    return response
