"""Pages of award decisions: the board's list, a draft and the proposals it grants, issuing, revoking, and the
public page (công bố) reachable by the unguessable link printed as a QR code on each certificate.
Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.web import add_form_errors, flash_errors, paginate

from ..documents import decisions as documents
from ..documents.templates import DOCX
from ..forms.decisions import (
    DecisionCreateForm,
    DecisionIssueForm,
    DecisionProposalsForm,
    DecisionUpdateForm,
    RevocationForm,
)
from ..models import AwardRecord, Decision, DecisionStatus
from ..selectors import decisions as selectors
from ..services import decisions as services


def _decision(request, pk, **kwargs) -> Decision:
    return get_object_or_404(Decision.objects.select_related("authority"), pk=pk)


def _record(request, pk) -> AwardRecord:
    return get_object_or_404(
        AwardRecord.all_objects.select_related(
            "decision__authority", "award_type", "nominee_unit", "nominee_person", "nominee_person__unit"
        ),
        pk=pk,
    )


@permission_required("awards.view_decisions", raise_exception=True)
@require_GET
def decision_index(request):
    decisions = selectors.decisions_for(request.user)
    status = request.GET.get("status", "")
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    page = paginate(request, decisions.order_by("-created_at", "-id"))
    return render(
        request,
        "awards/decisions/index.html",
        {"page": page, "statuses": DecisionStatus.choices, "status": status},
    )


def _boards(user):
    boards = selectors.issuing_boards()
    if user.is_system_admin:
        return boards
    return boards.filter(pk=user.unit_id)


@permission_required("awards.view_decisions", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def decision_create(request):
    boards = _boards(request.user)
    form = DecisionCreateForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.cleaned_data if name not in ("submission_token",)}
        try:
            decision = create_once(request, lambda: services.decision_create(actor=request.user, **data))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định."))
            return redirect(decision)
    return render(request, "awards/decisions/form.html", {"form": form, "title": _("Lập dự thảo quyết định")})


@permission_required("awards.view_decision", fn=_decision, raise_exception=True)
@require_GET
def decision_detail(request, pk):
    decision = _decision(request, pk)
    context = {"decision": decision, "groups": selectors.annex_groups(decision)}
    if decision.is_draft:
        proposals = selectors.decision_proposals(decision)
        candidates = selectors.candidate_proposals(decision)
        context.update(
            proposals=proposals,
            candidates=candidates[:500],
            candidate_count=candidates.count(),
            issue_form=DecisionIssueForm(
                initial={
                    "number": decision.number,
                    "date": decision.date,
                    "version": services.entries_version(decision),
                }
            ),
        )
    else:
        context["records"] = selectors.decision_records(decision)
        context["public_url"] = request.build_absolute_uri(decision_public_path(decision))
    return render(request, "awards/decisions/detail.html", context)


def decision_public_path(decision: Decision) -> str:
    return reverse("awards:decision_public", args=[decision.public_code])


@permission_required("awards.change_decision", fn=_decision, raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_update(request, pk):
    decision = _decision(request, pk)
    if not decision.is_draft:
        messages.info(request, _("Quyết định đã ban hành: không sửa được nữa."))
        return redirect(decision)
    form = DecisionUpdateForm(request.POST or None, instance=Decision.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.decision_update(actor=request.user, decision=decision, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo quyết định."))
            return redirect(decision)
    return render(
        request,
        "awards/decisions/form.html",
        {"form": form, "title": _("Sửa dự thảo: %(d)s") % {"d": decision}, "decision": decision},
    )


@permission_required("awards.change_decision", fn=_decision, raise_exception=True)
@require_POST
def decision_proposals(request, pk):
    """Put approved proposals of the board in the draft, or take them out; `add_all` puts every one in."""
    decision = _decision(request, pk)
    try:
        if request.POST.get("action") == "add_all":
            added = services.decision_add_proposals(
                actor=request.user, decision=decision, proposals=list(selectors.candidate_proposals(decision))
            )
            messages.success(request, _("Đã thêm %(n)s đề nghị.") % {"n": added})
            return redirect(decision)
        remove = request.POST.get("action") == "remove"
        pool = selectors.decision_proposals(decision) if remove else selectors.candidate_proposals(decision)
        form = DecisionProposalsForm(request.POST, proposals=pool)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(decision)
        chosen = list(form.cleaned_data["proposals"])
        if remove:
            count = services.decision_remove_proposals(actor=request.user, decision=decision, proposals=chosen)
            messages.success(request, _("Đã bỏ %(n)s đề nghị ra khỏi dự thảo.") % {"n": count})
        else:
            count = services.decision_add_proposals(actor=request.user, decision=decision, proposals=chosen)
            messages.success(request, _("Đã thêm %(n)s đề nghị.") % {"n": count})
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(decision)


@permission_required("awards.change_decision", fn=_decision, raise_exception=True)
@require_POST
def decision_issue(request, pk):
    decision = _decision(request, pk)
    form = DecisionIssueForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(decision)
    try:
        services.decision_issue(
            actor=request.user,
            decision=decision,
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            version=form.cleaned_data["version"] or None,
        )
    except services.AlreadyIssued as done:  # a second click, a colleague: the decision as it stands
        messages.info(request, done.messages[0])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ban hành quyết định: các khen thưởng đã vào sổ."))
    return redirect(decision)


@permission_required("awards.change_decision", fn=_decision, raise_exception=True)
@require_http_methods(["GET", "POST"])
def decision_revoke(request, pk):
    decision = _decision(request, pk)
    if decision.status != DecisionStatus.ISSUED:
        messages.info(request, _("Chỉ thu hồi quyết định đã ban hành."))
        return redirect(decision)
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_revoke(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã thu hồi quyết định và mọi khen thưởng của quyết định."))
            return redirect(decision)
    title = _("Thu hồi quyết định %(d)s") % {"d": decision}
    return render(request, "awards/decisions/form.html", {"form": form, "title": title, "decision": decision})


def _may_revoke_record(user, record: AwardRecord) -> bool:
    if record.decision_id:
        return user.has_perm("awards.change_decision", record.decision)
    return user.has_perm("awards.manage_records") and user.has_perm("awards.view_record", record)


@require_http_methods(["GET", "POST"])
def record_revoke(request, pk):
    record = _record(request, pk)
    if not _may_revoke_record(request.user, record):
        raise PermissionDenied
    back = record.decision if record.decision_id else None
    if record.is_revoked:
        messages.info(request, _("Khen thưởng này đã được thu hồi trước đó."))
        return redirect(back or "awards:record_list")
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_revoke(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã thu hồi khen thưởng của %(n)s.") % {"n": record.nominee_name})
            return redirect(back or "awards:record_list")
    title = _("Thu hồi khen thưởng: %(r)s") % {"r": record}
    return render(request, "awards/decisions/form.html", {"form": form, "title": title, "decision": back})


@login_not_required
@never_cache
@require_GET
def decision_public(request, code):
    """Public (công bố): anyone holding the link printed on a certificate reads the decision and its recipients."""
    decision = selectors.public_decision(code)
    if decision is None:
        raise Http404(_("Không có quyết định này."))
    return render(
        request,
        "awards/decisions/public.html",
        {"decision": decision, "groups": selectors.annex_groups(decision)},
    )


@permission_required("awards.view_decision", fn=_decision, raise_exception=True)
@require_GET
def decision_pdf(request, pk):
    """The decision with its annex as a PDF; once issued, signed with the system's PAdES signature."""
    decision = _decision(request, pk)
    public_url = ""
    if decision.status != "draft":
        public_url = request.build_absolute_uri(reverse("awards:decision_public", args=[decision.public_code]))
    content = documents.decision_pdf(decision, public_url=public_url, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-{decision.pk}.pdf"'
    return response


@permission_required("awards.view_decision", fn=_decision, raise_exception=True)
@require_GET
def decision_document(request, pk, slug):
    """The board's tờ trình, the decision with its annex, or the council's minutes, from the board's template."""
    decision = _decision(request, pk)
    if slug not in documents.DECISION_DOCUMENTS:
        raise Http404
    try:
        content = documents.decision_document(decision, slug)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(decision)
    name = documents.DECISION_DOCUMENTS[slug][2]
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{decision.pk}.docx"'
    return response
