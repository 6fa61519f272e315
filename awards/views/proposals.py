"""Proposal pages: the lists, drafting and editing a proposal, its page, its attachments.
Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.uploads import content_type_for
from clusters.web import add_form_errors, error_messages, file_download, flash_errors, paginate

from ..forms.proposals import AttachmentForm, ProposalCreateForm, ProposalUpdateForm, QueueFilterForm
from ..forms.workflow import CommentForm, DecisionForm, OptionalCommentForm, SubmissionForm
from ..models import AwardRecord, Proposal, ProposalAttachment, ProposalKind, ProposalStatus
from ..selectors import proposals as proposal_selectors
from ..selectors import review as review_selectors
from ..selectors.dispatches import routing_of
from ..services import proposals as proposal_services
from ..services.workflow import deadline_for


def _own_unit(request, *args, **kwargs):
    return request.user.unit


def _proposal(request, pk, *args, **kwargs):
    return get_object_or_404(
        Proposal.objects.select_related(
            "award_type", "proposing_unit", "nominee_unit", "nominee_person", "source_group", "submission"
        ),
        pk=pk,
    )


def _filtered(request, base):
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters, data = {}, {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "year": data["year"],
            "kind": data["kind"],
            "recipient_category": data["category"],
            "award_type_id": data["award_type"].pk if data["award_type"] else None,
            "unit_id": data["unit"].pk if data["unit"] else None,
            "group_id": data["group"].pk if data["group"] else None,
            "status": data["status"],
            "eligibility_status": data["eligibility"],
            "late": data["late"],
            "query": data["q"],
        }
        if data["q"]:
            filters["among_units"] = proposal_selectors.reviewer_proposing_unit_ids(request.user)
    return form, proposal_selectors.proposal_list(base=base, **filters)


@require_GET
def proposal_list(request):
    """The unit's proposals (staff, leaders); reviewers and admins see their scope."""
    user = request.user
    if not (user.is_system_admin or user.unit_id):
        raise PermissionDenied
    form, proposals = _filtered(request, proposal_selectors.readable_proposals(user))
    page = paginate(request, proposals)
    return render(
        request,
        "awards/proposal_list.html",
        {
            "form": form,
            "page": page,
            "can_add": bool(user.unit_id) and user.has_perm("awards.add_proposal", user.unit),
            "can_submit": bool(user.unit_id) and user.has_perm("awards.submit_for_unit", user.unit),
        },
    )


# --- One proposal ---------------------------------------------------------------------------------------------
@permission_required("awards.add_proposal", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def proposal_create(request):
    unit = request.user.unit
    if unit is None:  # a system admin has no unit to propose for
        raise PermissionDenied
    form = ProposalCreateForm(
        request.POST or None, unit=unit, initial={"year": timezone.localdate().year - 1, "kind": ProposalKind.ANNUAL}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            award_type_code = data.pop("award_type").code
            proposal = create_once(
                request,
                lambda: proposal_services.proposal_create(
                    actor=request.user, proposing_unit=unit, award_type_code=award_type_code, **data
                ),
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            proposal_services.refresh_unit_year(proposing_unit_id=unit.pk, year=proposal.year)
            messages.success(request, _("Đã lập đề nghị (dự thảo)."))
            return redirect(proposal)
    return render(request, "awards/form.html", {"form": form, "title": _("Lập đề nghị khen thưởng")})


@permission_required("awards.view_proposal", fn=_proposal, raise_exception=True)
@require_GET
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    if proposal.is_editable or proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW):
        proposal_services.refresh_eligibility(proposal)
    user = request.user
    perms = {
        name: user.has_perm(f"awards.{name}", proposal)
        for name in [
            "change_proposal",
            "submit_proposal",
            "start_review",
            "review_proposal",
            "decide_proposal",
            "comment_proposal",
        ]
    }
    record = AwardRecord.objects.filter(proposal=proposal).first()
    return render(
        request,
        "awards/proposal_detail.html",
        {
            "proposal": proposal,
            "perms_": perms,
            "events": proposal.events.select_related("actor"),
            "timeline": review_selectors.timeline(proposal),
            "attachments": proposal.attachments.all(),
            "record": record,
            "deadline": deadline_for(proposal),
            "routing": routing_of(user, proposal),
            "comment_form": CommentForm(),
            "review_form": OptionalCommentForm(),
            "decision_form": DecisionForm(initial={"authority": proposal.award_type.authority}),
            "attachment_form": AttachmentForm(),
            "submit_form": SubmissionForm(proposals=Proposal.objects.none()) if not proposal.submission_id else None,
        },
    )


@permission_required("awards.change_proposal", fn=_proposal, raise_exception=True)
@require_http_methods(["GET", "POST"])
def proposal_update(request, pk):
    proposal = _proposal(request, pk)
    form = ProposalUpdateForm(request.POST or None, instance=Proposal.objects.get(pk=pk), unit=proposal.proposing_unit)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            proposal_services.proposal_update(
                actor=request.user, proposal=proposal, version=form.expected_version, **data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect(proposal)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Sửa hồ sơ: %(p)s") % {"p": proposal}, "proposal": proposal},
    )


@permission_required("awards.change_proposal", fn=_proposal, raise_exception=True)
@require_POST
def proposal_withdraw(request, pk):
    """Withdraw a draft the unit has not sent (issue 14, item 7: drafts a ballot made can be withdrawn)."""
    proposal = _proposal(request, pk)
    try:
        proposal_services.proposal_withdraw(actor=request.user, proposal=proposal)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(proposal)
    messages.success(request, _("Đã rút đề nghị %(p)s.") % {"p": proposal})
    return redirect("awards:proposal_list")


# --- Attachments --------------------------------------------------------------------------------------------
@permission_required("awards.change_proposal", fn=_proposal, raise_exception=True)
@require_POST
@creates_once
def attachment_upload(request, pk):
    proposal = _proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            create_once(
                request,
                lambda: proposal_services.attachment_add(
                    actor=request.user,
                    proposal=proposal,
                    kind=form.cleaned_data["kind"],
                    uploaded=form.cleaned_data["file"],
                ),
                url=lambda attachment: proposal.get_absolute_url(),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
    else:
        messages.error(request, _("Chọn loại tài liệu và tệp."))
        if "file" in request.FILES:  # a file was sent but refused, e.g. an empty one: say why
            for message in form.errors.get("file", []):
                messages.error(request, message)
    return redirect(proposal)


def _attachment(request, pk):
    return get_object_or_404(ProposalAttachment.objects.select_related("proposal"), pk=pk).proposal


@permission_required("awards.view_proposal", fn=_attachment, raise_exception=True)
@require_GET
def attachment_download(request, pk):
    """Always a download with a content type from our own list: never rendered inline."""
    attachment = get_object_or_404(ProposalAttachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(
        handle, filename=attachment.original_name, content_type=content_type_for(attachment.original_name)
    )
