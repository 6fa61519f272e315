"""Pledge pages: list, drafting (items, targets, scoring table), opening, amending, signing,
reminders, the printable page and PDF, and the public verification page."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from kombu.exceptions import OperationalError as BrokerError
from rules.contrib.views import permission_required

from clusters.models import EmulationGroup
from clusters.rules import GroupYear
from clusters.views import audit_page, paginate, querystring_without_page

from ..forms import AmendForm, CriterionForm, PledgeFilterForm, PledgeForm, PledgeItemForm, SignForm, TargetFormSet
from ..models import Pledge, PledgeItem, PledgeSignature, PledgeStatus, ScoringCriterion
from ..selectors import pledges as selectors
from ..services import pledges as services
from ..tasks import remind_pledge_signers

logger = logging.getLogger(__name__)


def _pledge(request, pk, *args, **kwargs) -> Pledge:
    return get_object_or_404(Pledge.objects.select_related("group"), pk=pk)


def _group_year(request, group_pk, year) -> GroupYear:
    return GroupYear(get_object_or_404(EmulationGroup, pk=group_pk), year)


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _flash(request, error: ValidationError) -> None:
    for message in _messages_of(error):
        messages.error(request, message)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# --- Lists and entry points -------------------------------------------------------------------------
@permission_required("emulation.view_pledge_list", raise_exception=True)
def pledge_list(request):
    form = PledgeFilterForm(request.GET or None)
    year = status = query = None
    if form.is_valid():
        year, status, query = form.cleaned_data["year"], form.cleaned_data["status"], form.cleaned_data["q"]
    user = request.user
    sees_all = user.is_system_admin or user.role == "reviewer"
    pledges = selectors.pledge_list(
        year=year, status=status or "", query=query or "", unit_id=None if sees_all else user.unit_id
    )
    return render(
        request,
        "emulation/pledges/list.html",
        {"form": form, "page": paginate(request, pledges), "qs": querystring_without_page(request)},
    )


@permission_required("clusters.view_emulationgroup", raise_exception=True)
def pledge_of_group_year(request, group_pk, year):
    """The pledge of a group for a year, or the page to start drafting it."""
    group = get_object_or_404(EmulationGroup, pk=group_pk)
    pledge = Pledge.objects.filter(group=group, year=year).first()
    if pledge is not None:
        return redirect(pledge)
    if request.user.has_perm("emulation.add_pledge", GroupYear(group, year)):
        return redirect("pledges:create", group_pk=group.pk, year=year)
    messages.info(request, _("%(group)s chưa có giao ước thi đua năm %(year)s.") % {"group": group, "year": year})
    return redirect("clusters:group_year", group.pk, year)


@permission_required("emulation.add_pledge", fn=_group_year, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pledge_create(request, group_pk, year):
    group = get_object_or_404(EmulationGroup, pk=group_pk)
    existing = Pledge.objects.filter(group=group, year=year).first()
    if existing is not None:
        return redirect(existing)
    initial = {"title": _("Giao ước thi đua năm %(year)s của %(group)s") % {"year": year, "group": group.name}}
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(actor=request.user, group=group, year=year, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo giao ước. Hãy thêm các nội dung và bảng điểm."))
            return redirect(pledge)
    return render(
        request,
        "emulation/pledges/create.html",
        {"form": form, "group": group, "year": year, "previous": selectors.previous_pledge(group=group, year=year)},
    )


@permission_required("emulation.add_pledge", fn=_group_year, raise_exception=True)
@require_POST
def pledge_copy(request, group_pk, year):
    group = get_object_or_404(EmulationGroup, pk=group_pk)
    try:
        pledge = services.pledge_copy_previous(actor=request.user, group=group, year=year)
    except ValidationError as error:
        _flash(request, error)
        return redirect("pledges:create", group_pk=group.pk, year=year)
    messages.success(
        request,
        _("Đã tạo dự thảo năm %(year)s từ giao ước năm %(previous)s. Hãy rà soát và sửa cho năm mới.")
        % {"year": year, "previous": pledge.copied_from.year},
    )
    return redirect(pledge)


# --- The pledge page ---------------------------------------------------------------------------------
def _detail_context(request, pledge: Pledge) -> dict:
    user = request.user
    sections, total = selectors.criteria_sections(pledge)
    progress = selectors.signing_progress(pledge)
    own_row = next((row for row in progress.rows if row.membership.unit_id == user.unit_id), None)
    can_edit = user.has_perm("emulation.change_pledge", pledge)
    return {
        "pledge": pledge,
        "sections": sections,
        "total_points": total,
        "progress": progress,
        "own_row": own_row,
        "can_edit": can_edit,
        "editing": can_edit and pledge.is_editable,
        "can_sign": user.has_perm("emulation.sign_pledge", pledge)
        and pledge.status == PledgeStatus.OPEN
        and own_row is not None
        and own_row.signature is None,
        "audit": audit_page(request, pledge, per_page=50)
        if user.has_perm("emulation.view_pledge_audit", pledge)
        else None,
        "verify_url": request.build_absolute_uri(reverse("pledges:verify", args=[pledge.verification_code])),
    }


@permission_required("emulation.view_pledge", fn=_pledge, raise_exception=True)
def pledge_detail(request, pk):
    pledge = get_object_or_404(selectors.pledge_detail_queryset(), pk=pk)
    return render(request, "emulation/pledges/detail.html", _detail_context(request, pledge))


@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pledge_update(request, pk):
    pledge = _pledge(request, pk)
    form = PledgeForm(request.POST or None, instance=Pledge.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(pledge)
    return render(
        request,
        "emulation/pledges/form.html",
        {"form": form, "pledge": pledge, "title": _("Sửa thông tin chung của giao ước")},
    )


# --- Content items -----------------------------------------------------------------------------------
@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, item_pk=None):
    pledge = _pledge(request, pk)
    item = get_object_or_404(PledgeItem, pk=item_pk, pledge=pledge) if item_pk else None
    if not pledge.is_editable:
        messages.error(request, _("Chỉ sửa nội dung khi giao ước là dự thảo."))
        return redirect(pledge)
    form = PledgeItemForm(request.POST or None, instance=item or PledgeItem(pledge=pledge), year=pledge.year)
    initial = [
        {"indicator": t.indicator, "unit_of_measure": t.unit_of_measure, "target_value": t.target_value}
        for t in (item.targets.all() if item else [])
    ]
    targets = TargetFormSet(request.POST or None, initial=initial, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        rows = [
            {k: f.cleaned_data[k] for k in ("indicator", "unit_of_measure", "target_value")}
            for f in targets.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            saved = services.item_save(
                actor=request.user,
                pledge=pledge,
                item=item,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                targets=rows,
                campaign_ids=[c.pk for c in form.cleaned_data["campaigns"]],
            )
        except ValidationError as error:
            _form_errors(form, error)
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


@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_POST
def item_delete(request, pk, item_pk):
    pledge = _pledge(request, pk)
    item = get_object_or_404(PledgeItem, pk=item_pk, pledge=pledge)
    try:
        services.item_delete(actor=request.user, pledge=pledge, item=item)
        messages.success(request, _("Đã xóa nội dung."))
    except ValidationError as error:
        _flash(request, error)
    return redirect(pledge)


@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_POST
def item_move(request, pk, item_pk):
    pledge = _pledge(request, pk)
    item = get_object_or_404(PledgeItem, pk=item_pk, pledge=pledge)
    try:
        services.item_move(actor=request.user, pledge=pledge, item=item, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        _flash(request, error)
    return redirect(f"{pledge.get_absolute_url()}#items")


# --- Scoring table -----------------------------------------------------------------------------------
@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk, criterion_pk=None):
    pledge = _pledge(request, pk)
    criterion = get_object_or_404(ScoringCriterion, pk=criterion_pk, pledge=pledge) if criterion_pk else None
    if not pledge.is_editable:
        messages.error(request, _("Chỉ sửa bảng điểm khi giao ước là dự thảo."))
        return redirect(pledge)
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
            services.criterion_save(actor=request.user, pledge=pledge, criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
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


@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_POST
def criterion_delete(request, pk, criterion_pk):
    pledge = _pledge(request, pk)
    criterion = get_object_or_404(ScoringCriterion, pk=criterion_pk, pledge=pledge)
    try:
        services.criterion_delete(actor=request.user, pledge=pledge, criterion=criterion)
        messages.success(request, _("Đã xóa tiêu chí."))
    except ValidationError as error:
        _flash(request, error)
    return redirect(f"{pledge.get_absolute_url()}#scoring")


# --- Life cycle ---------------------------------------------------------------------------------------
@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_POST
def pledge_open(request, pk):
    pledge = _pledge(request, pk)
    try:
        services.pledge_open_for_signing(actor=request.user, pledge=pledge)
        messages.success(
            request, _("Đã mở ký kết. Lãnh đạo các đơn vị thành viên có thể ký; đơn vị trưởng ký sau cùng.")
        )
    except ValidationError as error:
        _flash(request, error)
    return redirect(pledge)


@permission_required("emulation.change_pledge", fn=_pledge, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pledge_amend(request, pk):
    pledge = _pledge(request, pk)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_amend(actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.warning(
                request,
                _("Đã tạo phiên bản %(version)s. Các chữ ký trước bị hủy; sửa xong hãy mở ký lại.")
                % {"version": pledge.version},
            )
            return redirect(pledge)
    return render(
        request,
        "emulation/pledges/form.html",
        {"form": form, "pledge": pledge, "title": _("Sửa đổi giao ước đang ký kết")},
    )


@permission_required("emulation.remind_pledge", fn=_pledge, raise_exception=True)
@require_POST
def pledge_remind(request, pk):
    pledge = _pledge(request, pk)
    if pledge.status != PledgeStatus.OPEN:
        messages.error(request, _("Chỉ nhắc ký khi giao ước đang trong thời gian ký kết."))
        return redirect(pledge)
    arguments = [pledge.pk, request.user.pk, request.build_absolute_uri("/")]
    try:
        remind_pledge_signers.apply_async(args=arguments, retry=False)
    except (BrokerError, ConnectionError, OSError) as error:  # the queue is down: send them from here
        logger.warning("Queue unavailable (%s): reminding the signers of pledge %s in-process", error, pledge.pk)
        remind_pledge_signers.run(*arguments)
    messages.success(request, _("Đã gửi thư nhắc tới lãnh đạo các đơn vị chưa ký."))
    return redirect(pledge)


@permission_required("emulation.sign_pledge", fn=_pledge, raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def pledge_sign(request, pk):
    pledge = get_object_or_404(selectors.pledge_detail_queryset(), pk=pk)
    context = _detail_context(request, pledge)
    current = services.fingerprint(pledge)
    form = SignForm(
        request.POST or None,
        initial={"version": pledge.version, "fingerprint": current, "position": request.user.position},
    )
    if request.method == "POST" and form.is_valid():
        # authenticate() goes through django-axes, so guessing passwords here locks the account out too.
        confirmed = authenticate(request, username=request.user.get_username(), password=form.cleaned_data["password"])
        if confirmed is None or confirmed.pk != request.user.pk:
            form.add_error("password", _("Mật khẩu không đúng."))
        else:
            try:
                signature = services.pledge_sign(
                    actor=request.user,
                    pledge=pledge,
                    version=form.cleaned_data["version"],
                    password=form.cleaned_data["password"],
                    seen_fingerprint=form.cleaned_data["fingerprint"],
                    position=form.cleaned_data["position"],
                    ip_address=_client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    form.add_error(None, str(error))
                else:
                    _form_errors(form, error)
            else:
                if signature.is_chair:
                    messages.success(request, _("Đã ký. Giao ước đã hoàn tất ký kết và được khóa."))
                else:
                    messages.success(request, _("Đã ký thay mặt %(unit)s.") % {"unit": signature.unit.name})
                return redirect(pledge)
    context.update({"form": form, "fingerprint": current})
    return render(request, "emulation/pledges/sign.html", context)


# --- Proof -----------------------------------------------------------------------------------------------
def _print_context(request, pledge: Pledge) -> dict:
    sections, total = selectors.criteria_sections(pledge)
    signatures = list(
        PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True)
        .select_related("unit")
        .order_by("is_chair", "signed_at")
    )
    return {
        "pledge": pledge,
        "sections": sections,
        "total_points": total,
        "signatures": signatures,
        "chair_signature": next((s for s in signatures if s.is_chair), None),
        "fingerprint": services.fingerprint(pledge),
        "verify_url": request.build_absolute_uri(reverse("pledges:verify", args=[pledge.verification_code])),
    }


@permission_required("emulation.view_pledge", fn=_pledge, raise_exception=True)
def pledge_print(request, pk):
    pledge = get_object_or_404(selectors.pledge_detail_queryset(), pk=pk)
    return render(request, "emulation/pledges/print.html", _print_context(request, pledge))


@permission_required("emulation.view_pledge", fn=_pledge, raise_exception=True)
def pledge_pdf(request, pk):
    from weasyprint import CSS, HTML

    pledge = get_object_or_404(selectors.pledge_detail_queryset(), pk=pk)
    html = render_to_string("emulation/pledges/pdf.html", _print_context(request, pledge), request=request)
    stylesheet = CSS(filename=finders.find("css/pledge_print.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giao-uoc-{pledge.year}-{pledge.group_id}.pdf"'
    return response


@login_not_required
@never_cache
def pledge_verify(request, code):
    """Public: anyone holding the printed code checks that the pledge in the database is intact."""
    pledge = get_object_or_404(Pledge.objects.select_related("group"), verification_code=code)
    result = services.pledge_verify(pledge=pledge)
    return render(request, "emulation/pledges/verify.html", {"pledge": pledge, "result": result})
