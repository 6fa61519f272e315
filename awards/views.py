"""Award pages. Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.models import Unit
from clusters.views import paginate, querystring_without_page

from . import outputs, selectors, services
from .forms import (
    AttachmentForm,
    CommentForm,
    DecisionForm,
    FairnessForm,
    ImportForm,
    OptionalCommentForm,
    ProposalCreateForm,
    ProposalUpdateForm,
    QueueFilterForm,
    RecordFilterForm,
    SubmissionForm,
)
from .imports import parse_workbook
from .models import (
    AwardPolicy,
    AwardRecord,
    ExportStatus,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    RecordExport,
)

IMPORT_SESSION_KEY = "awards_import_rows"


def _error_messages(error: ValidationError) -> list[str]:
    return error.messages


def _own_unit(request, *args, **kwargs):
    return request.user.unit


def _proposal(request, pk, *args, **kwargs):
    return get_object_or_404(
        Proposal.objects.select_related(
            "award_type", "proposing_unit", "nominee_unit", "nominee_person", "source_group", "submission"
        ),
        pk=pk,
    )


def _visible_proposals(user):
    if user.is_system_admin:
        return Proposal.objects.all()
    if user.role == "reviewer":
        return Proposal.objects.filter(selectors.reviewer_scope(user))
    if user.unit_id:
        return Proposal.objects.filter(proposing_unit_id=user.unit_id)
    return Proposal.objects.none()


def _filtered(request, base):
    # only what the choice labels show (Unit.__str__): building 290 full units took ~20 ms
    units = Unit.objects.filter(pk__in=base.values("proposing_unit_id")).order_by("name")
    units = units.only("pk", "name", "active_to", "successor_id")
    form = QueueFilterForm(request.GET or None, units=units)
    filters, data = {}, {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "year": data["year"],
            "kind": data["kind"],
            "award_type_id": data["award_type"].pk if data["award_type"] else None,
            "unit_id": data["unit"].pk if data["unit"] else None,
            "group_id": data["group"].pk if data["group"] else None,
            "status": data["status"],
            "eligibility_status": data["eligibility"],
            "late": data["late"],
            "query": data["q"],
        }
    return form, selectors.proposal_list(base=base, **filters)


# --- Lists -------------------------------------------------------------------------------------------------
@require_GET
def proposal_list(request):
    """The unit's proposals (staff, leaders); reviewers and admins see their scope."""
    user = request.user
    if not (user.is_system_admin or user.unit_id):
        raise PermissionDenied
    form, proposals = _filtered(request, _visible_proposals(user))
    page = paginate(request, proposals)
    return render(
        request,
        "awards/proposal_list.html",
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "can_add": bool(user.unit_id) and user.has_perm("awards.add_proposal", user.unit),
            "can_submit": bool(user.unit_id) and user.has_perm("awards.submit_for_unit", user.unit),
        },
    )


@permission_required("awards.view_review_queue", raise_exception=True)
@require_GET
def review_queue(request):
    base = _visible_proposals(request.user).exclude(status=ProposalStatus.DRAFT)
    if not request.GET:
        base = base.filter(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW])
    form, proposals = _filtered(request, base)
    page = paginate(request, proposals)
    return render(
        request,
        "awards/review_queue.html",
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "counts": selectors.eligibility_counts(proposals),
        },
    )


@permission_required("awards.view_review_queue", raise_exception=True)
@require_POST
def bulk_approve(request):
    ids = [int(pk) for pk in request.POST.getlist("proposals") if pk.isdigit()]
    proposals = list(_visible_proposals(request.user).filter(pk__in=ids).select_related("award_type"))
    if not proposals:
        messages.warning(request, _("Chưa chọn đề nghị nào."))
        return redirect("awards:review_queue")
    approved, skipped = services.proposals_approve_bulk(actor=request.user, proposals=proposals)
    if approved:
        messages.success(request, _("Đã đồng ý %(n)s đề nghị.") % {"n": len(approved)})
    for proposal, reason in skipped:
        messages.warning(request, f"{proposal}: {reason}")
    return redirect(request.POST.get("next") or "awards:review_queue")


# --- One proposal ---------------------------------------------------------------------------------------------
@permission_required("awards.add_proposal", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    unit = request.user.unit
    if unit is None:  # a system admin has no unit to propose for
        raise PermissionDenied
    form = ProposalCreateForm(
        request.POST or None, unit=unit, initial={"year": timezone.localdate().year - 1, "kind": "annual"}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            proposal = services.proposal_create(
                actor=request.user,
                proposing_unit=unit,
                award_type_code=data.pop("award_type").code,
                **data,
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            services.refresh_unit_year(proposing_unit_id=unit.pk, year=proposal.year)
            messages.success(request, _("Đã lập đề nghị (dự thảo)."))
            return redirect(proposal)
    return render(request, "awards/form.html", {"form": form, "title": _("Lập đề nghị khen thưởng")})


@permission_required("awards.view_proposal", fn=_proposal, raise_exception=True)
@require_GET
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    if proposal.is_editable or proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW):
        services.refresh_eligibility(proposal)
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
            "attachments": proposal.attachments.all(),
            "record": record,
            "deadline": services.deadline_for(proposal),
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
            services.proposal_update(actor=request.user, proposal=proposal, **data)
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect(proposal)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Sửa hồ sơ: %(p)s") % {"p": proposal}, "proposal": proposal},
    )


@permission_required("awards.submit_for_unit", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
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
                submission = services.submission_create(
                    actor=request.user,
                    proposing_unit=unit,
                    year=years.pop(),
                    number=form.cleaned_data["number"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    proposals=chosen,
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Đã trình tờ trình %(n)s với %(c)s đề nghị.")
                    % {"n": submission.number, "c": submission.proposals.count()},
                )
                return redirect("awards:proposal_list")
    return render(request, "awards/form.html", {"form": form, "title": _("Trình đề nghị kèm tờ trình"), "year": year})


@permission_required("awards.submit_proposal", fn=_proposal, raise_exception=True)
@require_POST
def proposal_resubmit(request, pk):
    proposal = _proposal(request, pk)
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã trình lại đề nghị."))
    return redirect(proposal)


REVIEW_ACTIONS = {
    "start_review": (services.proposal_start_review, "awards.start_review", False),
    "return": (services.proposal_return, "awards.review_proposal", True),
    "reject": (services.proposal_reject, "awards.review_proposal", True),
    "approve": (services.proposal_approve, "awards.review_proposal", True),
}


@require_POST
def proposal_review(request, pk, action):
    if action not in REVIEW_ACTIONS:
        raise Http404
    proposal = _proposal(request, pk)
    service, perm, takes_comment = REVIEW_ACTIONS[action]
    if not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    form = OptionalCommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    kwargs = {"comment": comment} if takes_comment else {}
    try:
        service(actor=request.user, proposal=proposal, **kwargs)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        proposal.refresh_from_db()
        messages.success(request, _("Đề nghị: %(s)s.") % {"s": proposal.get_status_display()})
    return redirect(proposal)


@permission_required("awards.decide_proposal", fn=_proposal, raise_exception=True)
@require_POST
def proposal_decide(request, pk):
    proposal = _proposal(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(proposal)
    try:
        services.proposal_decide(
            actor=request.user,
            proposal=proposal,
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            authority=form.cleaned_data["authority"],
        )
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã ghi nhận quyết định khen thưởng."))
    return redirect(proposal)


@permission_required("awards.comment_proposal", fn=_proposal, raise_exception=True)
@require_POST
def proposal_comment(request, pk):
    proposal = _proposal(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.proposal_comment(actor=request.user, proposal=proposal, comment=form.cleaned_data["comment"])
        messages.success(request, _("Đã gửi ý kiến."))
    else:
        messages.error(request, _("Ý kiến không được để trống."))
    return redirect(proposal)


# --- Attachments --------------------------------------------------------------------------------------------
@permission_required("awards.change_proposal", fn=_proposal, raise_exception=True)
@require_POST
def attachment_upload(request, pk):
    proposal = _proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
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
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=services.safe_content_type(attachment.original_name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Award records ---------------------------------------------------------------------------------------------
@permission_required("awards.view_records", raise_exception=True)
@require_GET
def record_list(request):
    form = RecordFilterForm(request.GET or None)
    filters, data = {}, {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "year": data["year"],
            "award_type_id": data["award_type"].pk if data["award_type"] else None,
        }
    user = request.user

    def user_records():  # the search's lookups run when the records are asked for
        records = selectors.award_records(**filters)
        if not (user.is_system_admin or user.role == "reviewer"):
            unit_id = user.unit_id or 0
            records = records.filter(
                Q(nominee_unit_id=unit_id)
                | Q(nominee_unit__parent_id=unit_id)
                | Q(nominee_person__unit_id=unit_id)
                | Q(nominee_person__unit__parent_id=unit_id)
            )
        return records

    can_manage = user.has_perm("awards.manage_records")
    if request.GET.get("format") == "xlsx":
        if not can_manage:
            raise PermissionDenied
        records, limit = user_records(), settings.RECORD_EXPORT_MAX_ROWS
        count = records.count()
        if count > limit:  # too long for one request: built by a Celery task, downloaded from its page
            export, created = services.record_export_request(
                actor=user, query=data.get("q") or "", year=data.get("year"), award_type=data.get("award_type")
            )
            if created:
                services.record_export_enqueue(export=export)
            messages.info(
                request,
                _(
                    "Có %(count)s khen thưởng khớp bộ lọc, nhiều hơn %(limit)s dòng tải trực tiếp: tệp Excel đang "
                    "được lập trong nền, trang này sẽ có liên kết tải khi xong."
                )
                % {
                    "count": number_format(count, force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
            )
            return redirect(export)
        response = HttpResponse(outputs.records_xlsx(records.iterator(chunk_size=2000)), content_type=outputs.XLSX)
        response["Content-Disposition"] = 'attachment; filename="khen-thuong.xlsx"'
        return response
    if filters.get("query"):
        whose = "all" if user.is_system_admin or user.role == "reviewer" else user.unit_id
        search = (filters["query"], filters["year"], filters["award_type_id"], whose)
        page = selectors.search_page(user_records, request.GET.get("page"), settings.PAGE_SIZE, cache_as=search)
    else:
        page = paginate(request, user_records())
    return render(
        request,
        "awards/record_list.html",
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "can_manage": can_manage,
            "recent_exports": selectors.recent_exports(user=user) if can_manage else [],
        },
    )


def _export(request, pk):
    return get_object_or_404(RecordExport.objects.select_related("award_type", "requested_by"), pk=pk)


@permission_required("awards.view_record_export", fn=_export, raise_exception=True)
@require_GET
def record_export(request, pk):
    """A large export's page: its filters and state (reloading itself until it is done), then the download."""
    return render(request, "awards/record_export.html", {"export": _export(request, pk)})


@permission_required("awards.view_record_export", fn=_export, raise_exception=True)
@require_GET
def record_export_download(request, pk):
    export = _export(request, pk)
    if export.status != ExportStatus.DONE:
        raise Http404(_("Tệp chưa lập xong."))
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=f"khen-thuong-{export.pk}.xlsx", content_type=outputs.XLSX
    )


@permission_required("awards.change_record_export", fn=_export, raise_exception=True)
@require_POST
def record_export_retry(request, pk):
    export = _export(request, pk)
    if services.record_export_retry(actor=request.user, export=export):
        messages.success(request, _("Đã gửi lại yêu cầu vào hàng đợi."))
    elif export.status != ExportStatus.DONE:
        messages.error(request, export.error)
    return redirect(export)


@permission_required("awards.manage_records", raise_exception=True)
@require_http_methods(["GET", "POST"])
def record_import(request):
    """Step 1: upload and preview every row with its errors. Nothing is saved here."""
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, file_errors = [], []
    if request.method == "POST" and form.is_valid():
        rows, file_errors = parse_workbook(form.cleaned_data["file"])
        valid = [row.data for row in rows if row.ok]
        if rows and len(valid) == len(rows) and not file_errors:
            request.session[IMPORT_SESSION_KEY] = valid
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
    return render(
        request,
        "awards/record_import.html",
        {
            "form": form,
            "rows": rows,
            "file_errors": file_errors,
            "error_count": sum(1 for row in rows if not row.ok),
            "ready": bool(rows) and all(row.ok for row in rows) and not file_errors,
        },
    )


@permission_required("awards.manage_records", raise_exception=True)
@require_POST
def record_import_confirm(request):
    """Step 2: save the previewed rows, all or nothing."""
    rows = request.session.pop(IMPORT_SESSION_KEY, None)
    if not rows:
        messages.error(request, _("Không có dữ liệu đã kiểm tra để nhập. Tải tệp lên lại."))
        return redirect("awards:record_import")
    try:
        records = services.award_records_import(actor=request.user, rows=rows)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
        return redirect("awards:record_import")
    messages.success(request, _("Đã nhập %(n)s khen thưởng.") % {"n": len(records)})
    return redirect("awards:record_list")


def _record(request, pk):
    return get_object_or_404(
        AwardRecord.objects.select_related("award_type", "nominee_unit", "nominee_person", "nominee_person__unit"),
        pk=pk,
    )


@permission_required("awards.view_record", fn=_record, raise_exception=True)
@require_GET
def record_certificate(request, pk):
    record = _record(request, pk)
    if not record.award_type.has_certificate:
        raise Http404(_("Hình thức này không in giấy chứng nhận."))
    pdf = outputs.certificate_pdf(record, base_url=request.build_absolute_uri("/"))
    name = slugify(f"{record.award_type.code}-{record.year}-{record.pk}")
    response = HttpResponse(pdf, content_type=outputs.PDF)
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@permission_required("awards.manage_records", raise_exception=True)
@require_GET
def decision_list(request):
    number = request.GET.get("number", "").strip()[:100]
    records = list(
        AwardRecord.objects.filter(decision_number=number)
        .select_related("award_type", "nominee_unit", "nominee_person", "nominee_person__unit")
        .order_by("-award_type__rank", "nominee_unit__name", "nominee_person__full_name")
    )
    if not records:
        raise Http404(_("Không có khen thưởng nào theo quyết định này."))
    name = slugify(number) or "quyet-dinh"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(outputs.decision_list_xlsx(number=number, records=records), content_type=outputs.XLSX)
        response["Content-Disposition"] = f'attachment; filename="danh-sach-{name}.xlsx"'
    else:
        response = HttpResponse(outputs.decision_list_docx(number=number, records=records), content_type=outputs.DOCX)
        response["Content-Disposition"] = f'attachment; filename="danh-sach-{name}.docx"'
    return response


# --- Fairness ---------------------------------------------------------------------------------------------------
@permission_required("awards.view_fairness", raise_exception=True)
@require_GET
def fairness(request):
    proposals = _visible_proposals(request.user)
    latest = selectors.latest_proposal_year(proposals)
    form = FairnessForm(request.GET or None, initial={"year": latest})
    year = (form.cleaned_data["year"] if form.is_valid() else None) or latest
    policy = AwardPolicy.current()
    report = selectors.fairness(proposals=proposals, year=year, threshold=policy.leader_share_warning)
    return render(request, "awards/fairness.html", {"form": form, "report": report, "year": year})
