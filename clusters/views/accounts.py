"""Account management for boards' administrators (and the system admin): the list of the accounts in their
jurisdiction, create (with an invitation e-mail), edit, deactivate and reactivate, send a password link, unlock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from ..forms.accounts import AccountFilterForm, AccountForm
from ..models import User
from ..selectors import accounts as selectors
from ..services import accounts as services
from ..web import add_form_errors, audit_page, flash_errors, paginate


def _account(request, pk):
    return get_object_or_404(User, pk=pk)


def _site_url(request) -> str:
    """Where the e-mailed links point: this site, as the administrator reached it."""
    return request.build_absolute_uri("/")


@permission_required("clusters.manage_accounts", raise_exception=True)
def account_list(request):
    form = AccountFilterForm(request.GET or None, actor=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = selectors.account_list(
        actor=request.user,
        query=filters.get("q", ""),
        unit=filters.get("unit"),
        role=filters.get("role", ""),
        active=filters.get("active", ""),
        locked=filters.get("locked", False),
    )
    return render(request, "clusters/accounts/list.html", {"form": form, "page": paginate(request, accounts)})


@permission_required("clusters.manage_accounts", raise_exception=True)
@require_http_methods(["GET", "POST"])
def account_create(request):
    form = AccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(actor=request.user, site_url=_site_url(request), **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản %(username)s và gửi lời mời đặt mật khẩu tới %(email)s.")
                % {"username": user.username, "email": user.email},
            )
            return redirect("clusters:account_detail", pk=user.pk)
    return render(request, "clusters/form.html", {"form": form, "title": _("Tạo tài khoản")})


@permission_required("clusters.change_account", fn=_account, raise_exception=True)
def account_detail(request, pk):
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    return render(
        request,
        "clusters/accounts/detail.html",
        {"account": account, "is_locked": selectors.is_locked(account), "audit": audit_page(request, account)},
    )


@permission_required("clusters.change_account", fn=_account, raise_exception=True)
@require_http_methods(["GET", "POST"])
def account_update(request, pk):
    account = _account(request, pk)
    form = AccountForm(request.POST or None, actor=request.user, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(
                actor=request.user, user=account, version=form.expected_version, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error, current=form.current_form)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("clusters:account_detail", pk=account.pk)
    title = _("Sửa tài khoản %(username)s") % {"username": account.username}
    return render(request, "clusters/form.html", {"form": form, "title": title})


def _act(request, pk, action, done: str):
    account = _account(request, pk)
    try:
        action(account)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done % {"username": account.username})
    return redirect("clusters:account_detail", pk=account.pk)


@permission_required("clusters.change_account", fn=_account, raise_exception=True)
@require_POST
def account_deactivate(request, pk):
    return _act(
        request,
        pk,
        lambda account: services.account_set_active(actor=request.user, user=account, active=False),
        _("Đã ngừng tài khoản %(username)s: tài khoản không đăng nhập được nữa."),
    )


@permission_required("clusters.change_account", fn=_account, raise_exception=True)
@require_POST
def account_reactivate(request, pk):
    return _act(
        request,
        pk,
        lambda account: services.account_set_active(actor=request.user, user=account, active=True),
        _("Đã kích hoạt lại tài khoản %(username)s."),
    )


@permission_required("clusters.change_account", fn=_account, raise_exception=True)
@require_POST
def account_password_reset(request, pk):
    return _act(
        request,
        pk,
        lambda account: services.account_send_password_reset(
            actor=request.user, user=account, site_url=_site_url(request)
        ),
        _("Đã gửi liên kết đặt lại mật khẩu cho %(username)s."),
    )


@permission_required("clusters.change_account", fn=_account, raise_exception=True)
@require_POST
def account_unlock(request, pk):
    return _act(
        request,
        pk,
        lambda account: services.unlock_account(actor=request.user, user=account),
        _("Đã mở khóa đăng nhập cho %(username)s."),
    )
