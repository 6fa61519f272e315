"""Workflow pages: the review queue, sending proposals up, reviewing them, the decision, comments.
Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.models import UnitKind
from clusters.selectors.units import boards_over
from clusters.web import error_messages, flash_errors, paginate, safe_next

from ..documents.decisions import unit_submission_docx
from ..documents.templates import DOCX
from ..forms.workflow import CommentForm, DecisionForm, OptionalCommentForm, SubmissionForm
from ..models import Proposal, ProposalStatus, Submission
from ..selectors.proposals import readable_proposals
from ..selectors.workflow import eligibility_counts
from ..services import workflow as workflow_services
from .proposals import _filtered, _own_unit, _proposal


@permission_required("awards.view_review_queue", raise_exception=True)
@require_GET
def review_queue(request):
    base = readable_proposals(request.user).exclude(status=ProposalStatus.DRAFT)
    if not request.GET:
        base = base.filter(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW])
    form, proposals = _filtered(request, base)
    page = paginate(request, proposals)
    # a numbered page has counted the list (up to the bound): the results are then grouped in one pass
    counted = page.number is not None and not page.paginator.more
    return render(
        request,
        "awards/review_queue.html",
        {
            "form": form,
            "page": page,
            "counts": eligibility_counts(
                proposals, bound=settings.PAGE_COUNT_BOUND, total=page.paginator.count if counted else None
            ),
            "count_bound": settings.PAGE_COUNT_BOUND,
        },
    )


@permission_required("awards.view_review_queue", raise_exception=True)
@require_POST
def bulk_approve(request):
    ids = [int(pk) for pk in request.POST.getlist("proposals") if pk.isdigit()]
    proposals = list(readable_proposals(request.user).filter(pk__in=ids).select_related("award_type"))
    if not proposals:
        messages.warning(request, _("Chưa chọn đề nghị nào."))
        return redirect("awards:review_queue")
    approved, skipped = workflow_services.proposals_approve_bulk(actor=request.user, proposals=proposals)
    if approved:
        messages.success(request, _("Đã đồng ý %(n)s đề nghị.") % {"n": len(approved)})
    for proposal, reason in skipped:
        messages.warning(request, f"{proposal}: {reason}")
    return redirect(safe_next(request, "awards:review_queue"))


@permission_required("awards.submit_for_unit", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def submission_create(request):
    """The leader sends a batch of the unit's drafts up with a covering submission (tờ trình)."""
    unit = request.user.unit
    year = request.GET.get("year") or request.POST.get("year")
    candidates = Proposal.objects.filter(
        proposing_unit=unit, status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED], submission__isnull=True
    ).select_related("award_type", "nominee_unit", "nominee_person")
    initial = {}
    if request.GET.get("proposal", "").isdigit():
        initial["proposals"] = [int(request.GET["proposal"])]
    form = SubmissionForm(request.POST or None, proposals=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["proposals"])
        years = {p.year for p in chosen}
        if len(years) > 1:
            form.add_error("proposals", _("Một tờ trình chỉ gồm đề nghị của cùng một năm."))
        else:
            try:
                year_ = years.pop()
                submission = create_once(
                    request,
                    lambda: workflow_services.submission_create(
                        actor=request.user,
                        proposing_unit=unit,
                        year=year_,
                        number=form.cleaned_data["number"],
                        title=form.cleaned_data["title"],
                        body=form.cleaned_data["body"],
                        proposals=chosen,
                    ),
                    url=lambda submission: reverse("awards:proposal_list"),
                )
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Đã trình tờ trình %(n)s với %(c)s đề nghị.")
                    % {"n": submission.number, "c": submission.proposals.count()},
                )
                return redirect("awards:proposal_list")
    return render(request, "awards/form.html", {"form": form, "title": _("Trình đề nghị kèm tờ trình"), "year": year})


def _may_or_done(request, proposal, perm: str, action: str) -> None:
    """PermissionDenied unless the user may take the step, or it has already been taken (a second click, a
    colleague): then the service says so and the proposal page shows where it stands."""
    if not request.user.has_perm(perm, proposal) and not workflow_services.already_done(
        actor=request.user, proposal=proposal, action=action
    ):
        raise PermissionDenied


@require_POST
def proposal_resubmit(request, pk):
    proposal = _proposal(request, pk)
    _may_or_done(request, proposal, "awards.submit_proposal", "submit")
    try:
        workflow_services.proposal_submit(actor=request.user, proposal=proposal)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã trình lại đề nghị."))
    return redirect(proposal)


REVIEW_ACTIONS = {
    "start_review": (workflow_services.proposal_start_review, "awards.start_review", False),
    "return": (workflow_services.proposal_return, "awards.review_proposal", True),
    "reject": (workflow_services.proposal_reject, "awards.review_proposal", True),
    "approve": (workflow_services.proposal_approve, "awards.review_proposal", True),
}


@require_POST
def proposal_review(request, pk, action):
    if action not in REVIEW_ACTIONS:
        raise Http404
    proposal = _proposal(request, pk)
    service, perm, takes_comment = REVIEW_ACTIONS[action]
    _may_or_done(request, proposal, perm, action)
    form = OptionalCommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    kwargs = {"comment": comment} if takes_comment else {}
    try:
        service(actor=request.user, proposal=proposal, **kwargs)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        proposal.refresh_from_db()
        messages.success(request, _("Đề nghị: %(s)s.") % {"s": proposal.get_status_display()})
    return redirect(proposal)


@require_POST
def proposal_decide(request, pk):
    proposal = _proposal(request, pk)
    _may_or_done(request, proposal, "awards.decide_proposal", "decide")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(proposal)
    try:
        workflow_services.proposal_decide(
            actor=request.user,
            proposal=proposal,
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            authority=form.cleaned_data["authority"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi nhận quyết định khen thưởng."))
    return redirect(proposal)


@permission_required("awards.comment_proposal", fn=_proposal, raise_exception=True)
@require_POST
@creates_once
def proposal_comment(request, pk):
    proposal = _proposal(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        create_once(
            request,
            lambda: workflow_services.proposal_comment(
                actor=request.user, proposal=proposal, comment=form.cleaned_data["comment"]
            ),
            url=lambda event: proposal.get_absolute_url(),
        )
        messages.success(request, _("Đã gửi ý kiến."))
    else:
        messages.error(request, _("Ý kiến không được để trống."))
    return redirect(proposal)


def _submission(request, pk):
    return get_object_or_404(Submission.objects.select_related("proposing_unit", "submitted_by"), pk=pk)


@permission_required("awards.view_submission", fn=_submission, raise_exception=True)
@require_GET
def submission_document(request, pk):
    """The proposing unit's covering submission (tờ trình), from the template of the board over the unit."""
    submission = _submission(request, pk)
    board = boards_over(submission.proposing_unit_id).filter(kind=UnitKind.BOARD).order_by("pk").first()
    try:
        content = unit_submission_docx(submission, board=board)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("awards:proposal_list")
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="to-trinh-{submission.pk}.docx"'
    return response
