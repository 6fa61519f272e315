"""Routing by authority pages: the unit head's own decision, khen cao dossiers (the list, bundling approved
state-level proposals, a dossier with its outcomes, the central board's outcome per recipient)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.web import error_messages, flash_errors, paginate

from ..forms.dispatches import DispatchForm, OutcomeForm, UnitDecisionForm
from ..models import Dispatch, DispatchItem, DispatchOutcome, ProposalStatus
from ..selectors.dispatches import dispatch_items, dispatchable_proposals, readable_dispatches
from ..services import dispatches as services
from .proposals import _proposal


def _own_unit(request, *args, **kwargs):
    return request.user.unit


def _dispatch(request, pk, *args, **kwargs):
    return get_object_or_404(Dispatch.objects.select_related("sender", "recipient"), pk=pk)


def _item(request, pk, *args, **kwargs):
    return get_object_or_404(DispatchItem.objects.select_related("dispatch", "proposal"), pk=pk)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@require_POST
def proposal_decide_in_unit(request, pk):
    """The unit's head records the decision of an award in their authority (issue 18 item 3)."""
    proposal = _proposal(request, pk)
    if not request.user.has_perm("awards.decide_in_unit", proposal):
        if proposal.status == ProposalStatus.DECIDED and request.user.has_perm("awards.view_proposal", proposal):
            messages.info(request, _("Đề nghị đã có quyết định trước đó."))
            return redirect(proposal)
        raise PermissionDenied
    form = UnitDecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(proposal)
    try:
        services.proposal_decide_in_unit(
            actor=request.user, proposal=proposal, number=form.cleaned_data["number"], date=form.cleaned_data["date"]
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi nhận quyết định khen thưởng tại đơn vị."))
    return redirect(proposal)


@permission_required("awards.view_dispatches", raise_exception=True)
@require_GET
def dispatch_list(request):
    user = request.user
    board = user.unit if user.unit_id and user.has_perm("awards.send_dispatch", user.unit) else None
    return render(
        request,
        "awards/dispatch_list.html",
        {
            "page": paginate(request, readable_dispatches(user)),
            "board": board,
            "ready": dispatchable_proposals(board).count() if board else 0,
        },
    )


@permission_required("awards.send_dispatch", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def dispatch_create(request):
    board = request.user.unit
    form = DispatchForm(request.POST or None, proposals=dispatchable_proposals(board))
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["proposals"])
        years = {p.year for p in chosen}
        if len(years) > 1:
            form.add_error("proposals", _("Hồ sơ khen cao chỉ gồm các đề nghị của cùng một năm."))
        else:
            try:
                dispatch = create_once(
                    request,
                    lambda: services.dispatch_create(
                        actor=request.user,
                        board=board,
                        year=years.pop(),
                        number=form.cleaned_data["number"],
                        title=form.cleaned_data["title"],
                        body=form.cleaned_data["body"],
                        proposals=chosen,
                    ),
                )
            except ValidationError as error:
                for message in error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã gửi hồ sơ khen cao %(n)s lên Trung ương.") % {"n": dispatch.number})
                return redirect(dispatch)
    return render(request, "awards/form.html", {"form": form, "title": _("Lập hồ sơ đề nghị khen cao")})


@permission_required("awards.view_dispatch", fn=_dispatch, raise_exception=True)
@require_GET
def dispatch_detail(request, pk):
    dispatch = _dispatch(request, pk)
    return render(
        request,
        "awards/dispatch_detail.html",
        {
            "dispatch": dispatch,
            "items": dispatch_items(dispatch),
            "can_decide": request.user.has_perm("awards.decide_dispatch", dispatch),
            "outcome_form": OutcomeForm(),
            "pending": DispatchOutcome.PENDING,
        },
    )


@permission_required("awards.decide_dispatch", fn=_item, raise_exception=True)
@require_POST
def dispatch_outcome(request, pk):
    item = _item(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(item.dispatch)
    data = form.cleaned_data
    try:
        services.dispatch_record_outcome(
            actor=request.user,
            item=item,
            outcome=data["outcome"],
            number=data["number"],
            date=data["date"],
            note=data["note"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi nhận kết quả: %(p)s.") % {"p": item.proposal})
    return redirect(item.dispatch)
