"""Pledge pages of drafting: list, entry points, the pledge page, content items with targets, the scoring
table. Signing is in `emulation.views.signing`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.models import EmulationGroup
from clusters.rules import GroupYear
from clusters.selectors.signatures import signed_copies
from clusters.web import add_form_errors, audit_page, flash_errors, group_year_or_404, paginate

from ..forms.pledges import CriterionForm, PledgeFilterForm, PledgeForm, PledgeItemForm, TargetFormSet
from ..models import Pledge, PledgeItem, PledgeStatus, ScoringCriterion
from ..selectors import pledges as selectors
from ..selectors.signing import signing_progress
from ..services import pledges as services
from ..services.pledges import draft_refusal
from ..services.signing import open_refusals, pledge_verify, sign_refusal


def refused(request, pledge: Pledge, *, title: str, refusal: str):
    """The page an action's URL shows instead of its form when the service would refuse it (409 on POST)."""
    return render(
        request,
        "emulation/pledges/refused.html",
        {"pledge": pledge, "title": title, "refusal": refusal},
        status=409 if request.method == "POST" else 200,
    )


def pledge_or_404(request, pk, *args, **kwargs) -> Pledge:
    """The pledge of a URL, also the object of the permission checks (`permission_required(..., fn=...)`)."""
    return get_object_or_404(Pledge.objects.select_related("group"), pk=pk)


# --- Lists and entry points -------------------------------------------------------------------------
@permission_required("emulation.view_pledge_list", raise_exception=True)
def pledge_list(request):
    form = PledgeFilterForm(request.GET or None)
    year = status = query = None
    if form.is_valid():
        year, status, query = form.cleaned_data["year"], form.cleaned_data["status"], form.cleaned_data["q"]
    pledges = selectors.pledge_list(user=request.user, year=year, status=status or "", query=query or "")
    return render(request, "emulation/pledges/list.html", {"form": form, "page": paginate(request, pledges)})


@permission_required("clusters.view_emulationgroup", raise_exception=True)
def pledge_of_group_year(request, group_pk, year):
    """The pledge of a group for a year, or the page to start drafting it."""
    group = get_object_or_404(EmulationGroup, pk=group_pk)
    pledge = Pledge.objects.filter(group=group, year=year).first()
    if pledge is not None and request.user.has_perm("emulation.view_pledge", pledge):
        return redirect(pledge)
    if pledge is not None:  # the group's registry is open to all, its pledge to its members and organiser
        messages.info(
            request,
            _("Giao ước thi đua năm %(year)s của %(group)s chỉ các đơn vị thành viên và Ban tổ chức được xem.")
            % {"group": group, "year": year},
        )
        return redirect("clusters:group_year", group.pk, year)
    if request.user.has_perm("emulation.add_pledge", GroupYear(group, year)):
        return redirect("pledges:create", group_pk=group.pk, year=year)
    messages.info(request, _("%(group)s chưa có giao ước thi đua năm %(year)s.") % {"group": group, "year": year})
    return redirect("clusters:group_year", group.pk, year)


@permission_required("emulation.add_pledge", fn=group_year_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def pledge_create(request, group_pk, year):
    group = get_object_or_404(EmulationGroup, pk=group_pk)
    existing = Pledge.objects.filter(group=group, year=year).first()
    if existing is not None:
        return redirect(existing)
    initial = {"title": _("Giao ước thi đua năm %(year)s của %(group)s") % {"year": year, "group": group.name}}
    form = PledgeForm(request.POST or None, initial=initial, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = create_once(
                request,
                lambda: services.pledge_create(actor=request.user, group=group, year=year, **form.cleaned_data),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo giao ước. Hãy thêm các nội dung và bảng điểm."))
            return redirect(pledge)
    return render(
        request,
        "emulation/pledges/create.html",
        {"form": form, "group": group, "year": year, "previous": selectors.previous_pledge(group=group, year=year)},
    )


@permission_required("emulation.add_pledge", fn=group_year_or_404, raise_exception=True)
@require_POST
def pledge_copy(request, group_pk, year):
    group = get_object_or_404(EmulationGroup, pk=group_pk)
    try:
        pledge = services.pledge_copy_previous(actor=request.user, group=group, year=year)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("pledges:create", group_pk=group.pk, year=year)
    messages.success(
        request,
        _("Đã tạo dự thảo năm %(year)s từ giao ước năm %(previous)s. Hãy rà soát và sửa cho năm mới.")
        % {"year": year, "previous": pledge.copied_from.year},
    )
    return redirect(pledge)


# --- The pledge page ---------------------------------------------------------------------------------
def pledge_page_context(request, pledge: Pledge) -> dict:
    """The pledge page's context: content, scoring table, signing progress, what the user may do."""
    user = request.user
    sections, total = selectors.criteria_sections(pledge)
    progress = signing_progress(pledge)
    own_row = next((row for row in progress.rows if row.membership.unit_id == user.unit_id), None)
    can_edit = user.has_perm("emulation.change_pledge", pledge)
    verification = pledge_verify(pledge=pledge)
    sign_refused = sign_refusal(pledge, user, verification=verification) if pledge.status == PledgeStatus.OPEN else None
    return {
        "verification": verification,
        "open_refusals": open_refusals(pledge) if can_edit and pledge.is_editable else [],
        "sign_refusal": sign_refused,
        "pledge": pledge,
        "sections": sections,
        "total_points": total,
        "progress": progress,
        "own_row": own_row,
        "can_edit": can_edit,
        "editing": can_edit and pledge.is_editable,
        "can_sign": user.has_perm("emulation.sign_pledge", pledge)
        and pledge.status == PledgeStatus.OPEN
        and sign_refused is None,
        # A member's signature on paper (issue 15 item 6): the chair unit records it while the pledge is open.
        "can_record_paper": pledge.status == PledgeStatus.OPEN
        and user.has_perm("emulation.record_paper_signature", pledge),
        "audit": audit_page(request, pledge, per_page=50)
        if user.has_perm("emulation.view_pledge_audit", pledge)
        else None,
        "verify_url": request.build_absolute_uri(reverse("pledges:verify", args=[pledge.verification_code])),
        # PDFs of the sealed pledge that leaders signed with their token certificates (issue 20 item 3).
        "signed_copies": list(signed_copies(pledge)) if pledge.status == PledgeStatus.SIGNED else [],
        "can_add_signed_copy": pledge.status == PledgeStatus.SIGNED
        and user.has_perm("emulation.add_signed_copy", pledge),
    }


@permission_required("emulation.view_pledge", fn=pledge_or_404, raise_exception=True)
def pledge_detail(request, pk):
    pledge = get_object_or_404(selectors.pledge_detail_queryset(), pk=pk)
    return render(request, "emulation/pledges/detail.html", pledge_page_context(request, pledge))


@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pledge_update(request, pk):
    pledge = pledge_or_404(request, pk)
    refusal = draft_refusal(pledge)
    if refusal:
        return refused(request, pledge, title=_("Sửa thông tin chung của giao ước"), refusal=refusal)
    form = PledgeForm(request.POST or None, instance=Pledge.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(
                actor=request.user, pledge=pledge, version=form.expected_version, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(pledge)
    return render(
        request,
        "emulation/pledges/form.html",
        {"form": form, "pledge": pledge, "title": _("Sửa thông tin chung của giao ước")},
    )


def _int(text) -> int:
    try:
        return max(int(text), 0)
    except (TypeError, ValueError):
        return 0


# --- Content items -----------------------------------------------------------------------------------
@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def item_edit(request, pk, item_pk=None):
    pledge = pledge_or_404(request, pk)
    item = get_object_or_404(PledgeItem, pk=item_pk, pledge=pledge) if item_pk else None
    refusal = draft_refusal(pledge)
    if refusal:
        return refused(request, pledge, title=_("Chỉ sửa nội dung khi giao ước là dự thảo."), refusal=refusal)
    form = PledgeItemForm(request.POST or None, instance=item or PledgeItem(pledge=pledge), year=pledge.year)
    initial = [
        {"indicator": t.indicator, "unit_of_measure": t.unit_of_measure, "target_value": t.target_value}
        for t in (item.targets.all() if item else [])
    ]
    data = request.POST or None
    more_rows = data is not None and "more_targets" in data
    if more_rows:  # one more blank target row, nothing saved yet: any number of targets per item
        data = data.copy()
        data["targets-TOTAL_FORMS"] = str(_int(data.get("targets-TOTAL_FORMS")) + 1)
    targets = TargetFormSet(data, initial=initial, prefix="targets")
    if request.method == "POST" and not more_rows and form.is_valid() and targets.is_valid():
        rows = [
            {k: f.cleaned_data[k] for k in ("indicator", "unit_of_measure", "target_value")}
            for f in targets.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            saved = create_once(
                request,
                lambda: services.item_save(
                    actor=request.user,
                    pledge=pledge,
                    item=item,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    targets=rows,
                    campaign_ids=[c.pk for c in form.cleaned_data["campaigns"]],
                    version=form.expected_version,
                ),
                url=lambda saved: f"{pledge.get_absolute_url()}#item-{saved.pk}",
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu nội dung %(ordinal)s.") % {"ordinal": saved.ordinal})
            if "add_another" in request.POST:
                return redirect("pledges:item_add", pk=pledge.pk)
            return redirect(f"{pledge.get_absolute_url()}#item-{saved.pk}")
    return render(
        request,
        "emulation/pledges/item_form.html",
        {"form": form, "targets": targets, "pledge": pledge, "item": item},
    )


@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_POST
def item_delete(request, pk, item_pk):
    pledge = pledge_or_404(request, pk)
    item = get_object_or_404(PledgeItem, pk=item_pk, pledge=pledge)
    try:
        services.item_delete(actor=request.user, pledge=pledge, item=item)
        messages.success(request, _("Đã xóa nội dung."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(pledge)


@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_POST
def item_move(request, pk, item_pk):
    pledge = pledge_or_404(request, pk)
    item = get_object_or_404(PledgeItem, pk=item_pk, pledge=pledge)
    try:
        services.item_move(actor=request.user, pledge=pledge, item=item, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(f"{pledge.get_absolute_url()}#items")


# --- Scoring table -----------------------------------------------------------------------------------
@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def criterion_edit(request, pk, criterion_pk=None):
    pledge = pledge_or_404(request, pk)
    criterion = get_object_or_404(ScoringCriterion, pk=criterion_pk, pledge=pledge) if criterion_pk else None
    refusal = draft_refusal(pledge)
    if refusal:
        return refused(request, pledge, title=_("Chỉ sửa bảng điểm khi giao ước là dự thảo."), refusal=refusal)
    initial = {}
    if criterion is None:
        last = pledge.criteria.order_by("-order", "-pk").first()
        initial = {"section": last.section} if last else {}
    form = CriterionForm(
        request.POST or None,
        instance=ScoringCriterion.objects.get(pk=criterion.pk) if criterion else ScoringCriterion(pledge=pledge),
        pledge=pledge,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                request,
                lambda: services.criterion_save(
                    actor=request.user,
                    pledge=pledge,
                    criterion=criterion,
                    version=form.expected_version,
                    **form.cleaned_data,
                ),
                url=lambda saved: f"{pledge.get_absolute_url()}#scoring",
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": form.cleaned_data["code"]})
            if "add_another" in request.POST:
                return redirect("pledges:criterion_add", pk=pledge.pk)
            return redirect(f"{pledge.get_absolute_url()}#scoring")
    title = _("Sửa tiêu chí %(code)s") % {"code": criterion.code} if criterion else _("Thêm tiêu chí chấm điểm")
    return render(
        request,
        "emulation/pledges/form.html",
        {"form": form, "pledge": pledge, "title": title, "add_another": criterion is None},
    )


@permission_required("emulation.change_pledge", fn=pledge_or_404, raise_exception=True)
@require_POST
def criterion_delete(request, pk, criterion_pk):
    pledge = pledge_or_404(request, pk)
    criterion = get_object_or_404(ScoringCriterion, pk=criterion_pk, pledge=pledge)
    try:
        services.criterion_delete(actor=request.user, pledge=pledge, criterion=criterion)
        messages.success(request, _("Đã xóa tiêu chí."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(f"{pledge.get_absolute_url()}#scoring")
