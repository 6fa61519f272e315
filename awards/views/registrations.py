"""Registration of titles pages: the list, a unit's registration of the year and its entries, sending, the board's
review (return with a reason, accept), the board's consolidated list with its Excel export and print, passing the
state-level titles up. Views stay thin: permission, form, service call, template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.models import Unit
from clusters.web import error_messages, flash_errors, paginate

from ..documents import registrations as documents
from ..forms.registrations import RegistrationCreateForm, RegistrationEntryForm, RegistrationReturnForm
from ..models import Registration, RegistrationEntry, RegistrationStatus
from ..selectors.registrations import consolidated_entries
from ..selectors.registrations import registration_list as list_registrations
from ..selectors.workflow import NATIONAL_LEVELS
from ..services import registrations as services


def _registration(request, pk, *args, **kwargs):
    return get_object_or_404(Registration.objects.select_related("unit", "recipient"), pk=pk)


def _own_unit(request, *args, **kwargs):
    return request.user.unit


def _board(request, pk, *args, **kwargs):
    return get_object_or_404(Unit, pk=pk)


@permission_required("awards.view_registrations", raise_exception=True)
@require_GET
def registration_list(request):
    status = request.GET.get("status", "")
    status = status if status in RegistrationStatus.values else ""
    year = request.GET.get("year", "")
    registrations = list_registrations(user=request.user, year=int(year) if year.isdigit() else None, status=status)
    user = request.user
    can_consolidate = bool(user.unit_id) and user.has_perm("awards.consolidate_registrations", user.unit)
    return render(
        request,
        "awards/registration_list.html",
        {
            "page": paginate(request, registrations),
            "statuses": RegistrationStatus.choices,
            "status": status,
            "can_create": bool(user.unit_id) and user.has_perm("awards.add_registration", user.unit),
            "now_year": timezone.localdate().year,
            "board": user.unit if can_consolidate else None,
        },
    )


@permission_required("awards.add_registration", fn=_own_unit, raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def registration_create(request):
    form = RegistrationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        existing = Registration.objects.filter(unit=request.user.unit, year=year).first()
        if existing is not None:
            messages.info(request, _("Đơn vị đã có bản đăng ký thi đua năm %(y)s.") % {"y": year})
            return redirect(existing)
        try:
            registration = create_once(
                request,
                lambda: services.registration_create(actor=request.user, unit=request.user.unit, year=year),
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã lập bản đăng ký thi đua (chưa gửi)."))
            return redirect(registration)
    return render(request, "awards/form.html", {"form": form, "title": _("Lập bản đăng ký thi đua")})


@permission_required("awards.view_registration", fn=_registration, raise_exception=True)
@require_GET
def registration_detail(request, pk):
    registration = _registration(request, pk)
    user = request.user
    perms = {
        name: user.has_perm(f"awards.{name}", registration)
        for name in ("change_registration", "submit_registration", "review_registration")
    }
    entries = registration.entries.select_related("award_type", "nominee_unit", "nominee_person")
    return render(
        request,
        "awards/registration_detail.html",
        {
            "registration": registration,
            "entries": entries,
            "perms_": perms,
            "entry_form": RegistrationEntryForm(unit=registration.unit) if perms["change_registration"] else None,
            "return_form": RegistrationReturnForm() if perms["review_registration"] else None,
        },
    )


@permission_required("awards.change_registration", fn=_registration, raise_exception=True)
@require_POST
@creates_once
def registration_entry_add(request, pk):
    registration = _registration(request, pk)
    form = RegistrationEntryForm(request.POST, unit=registration.unit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                request,
                lambda: services.registration_entry_add(
                    actor=request.user,
                    registration=registration,
                    award_type=data["award_type"],
                    nominee_unit=data["nominee_unit"],
                    nominee_person=data["nominee_person"],
                    planned_initiative=data["planned_initiative"],
                ),
                url=lambda entry: registration.get_absolute_url(),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã thêm vào bản đăng ký."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(registration)


@permission_required("awards.change_registration", fn=_registration, raise_exception=True)
@require_POST
def registration_entry_delete(request, pk, entry_pk):
    registration = _registration(request, pk)
    entry = get_object_or_404(RegistrationEntry, pk=entry_pk, registration=registration)
    try:
        services.registration_entry_delete(actor=request.user, entry=entry)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã bỏ khỏi bản đăng ký."))
    return redirect(registration)


def _may_or_done(request, registration, perm: str, done: bool) -> None:
    """PermissionDenied unless the user may take the step, or it was already taken (a second click): then the
    service says so on the registration's page."""
    if not request.user.has_perm(perm, registration) and not (
        done and request.user.has_perm("awards.view_registration", registration)
    ):
        raise PermissionDenied


@require_POST
def registration_submit(request, pk):
    registration = _registration(request, pk)
    done = registration.status == RegistrationStatus.SUBMITTED and registration.unit_id == request.user.unit_id
    _may_or_done(request, registration, "awards.submit_registration", done)
    try:
        services.registration_submit(actor=request.user, registration=registration)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã gửi bản đăng ký thi đua."))
    return redirect(registration)


@require_POST
def registration_review(request, pk, action):
    if action not in ("tra-lai", "chap-nhan"):
        raise Http404
    registration = _registration(request, pk)
    reached = RegistrationStatus.RETURNED if action == "tra-lai" else RegistrationStatus.ACCEPTED
    done = registration.status == reached and registration.recipient_id == request.user.unit_id
    _may_or_done(request, registration, "awards.review_registration", done)
    try:
        if action == "tra-lai":
            form = RegistrationReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.registration_return(actor=request.user, registration=registration, reason=reason)
            messages.success(request, _("Đã trả lại bản đăng ký."))
        else:
            services.registration_accept(actor=request.user, registration=registration)
            messages.success(request, _("Đã chấp nhận bản đăng ký."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(registration)


@permission_required("awards.consolidate_registrations", fn=_board, raise_exception=True)
@require_GET
def registration_consolidated(request, pk, year):
    board = _board(request, pk)
    entries = list(consolidated_entries(board=board, year=year))
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            documents.consolidated_xlsx(board_name=board.name, year=year, entries=entries),
            content_type=documents.XLSX,
        )
        response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{year}.xlsx"'
        return response
    waiting = Registration.objects.filter(recipient=board, year=year, status=RegistrationStatus.SUBMITTED).count()
    return render(
        request,
        "awards/registration_consolidated.html",
        {
            "board": board,
            "year": year,
            "entries": entries,
            "waiting": waiting,
            "national": [e for e in entries if e.award_type.level in NATIONAL_LEVELS],
            "print": request.GET.get("in") == "1",
            "forwarded": Registration.objects.filter(unit=board, year=year).first(),
        },
    )


@permission_required("awards.consolidate_registrations", fn=_board, raise_exception=True)
@require_POST
def registration_forward(request, pk, year):
    board = _board(request, pk)
    try:
        services.registrations_forward(actor=request.user, board=board, year=year)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã chuyển các đăng ký danh hiệu cấp Nhà nước, Chính phủ lên Trung ương."))
    return redirect(reverse("awards:registration_consolidated", args=[board.pk, year]))
