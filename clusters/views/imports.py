"""Pages of the organisation's Excel imports (units, collectives, people, accounts): upload and preview every row
with its errors (nothing saved), confirm (once), and download each import's template. One view of each step
serves the four imports (`PAGES`, the `kind` of each route in clusters/urls.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import imports
from ..documents.imports import IMPORTS
from ..forms.imports import ImportForm
from ..services import imports as services
from ..uploads import FILE_TYPES
from ..web import flash_errors


@dataclass(frozen=True)
class ImportPage:
    """An import's pages: the permission they need, the list it comes from and goes back to, its file's name,
    what its rows are called, and its service."""

    name: str
    permission: str
    back: str  # URL name of the list page
    back_label: str
    filename: str
    noun: str
    save: Callable  # (request, rows) -> ImportResult


PAGES: dict[str, ImportPage] = {
    "units": ImportPage(
        "units",
        "clusters.import_organisation",
        "clusters:unit_list",
        gettext_lazy("Đơn vị"),
        "mau-nhap-don-vi.xlsx",
        gettext_lazy("đơn vị"),
        lambda request, rows: services.units_import(actor=request.user, rows=rows),
    ),
    "collectives": ImportPage(
        "collectives",
        "clusters.import_organisation",
        "clusters:unit_list",
        gettext_lazy("Đơn vị"),
        "mau-nhap-tap-the.xlsx",
        gettext_lazy("tập thể"),
        lambda request, rows: services.units_import(actor=request.user, rows=rows, collectives=True),
    ),
    "people": ImportPage(
        "people",
        "clusters.import_organisation",
        "clusters:person_list",
        gettext_lazy("Cá nhân"),
        "mau-nhap-ca-nhan.xlsx",
        gettext_lazy("cá nhân"),
        lambda request, rows: services.people_import(actor=request.user, rows=rows),
    ),
    "accounts": ImportPage(
        "accounts",
        "clusters.manage_accounts",
        "clusters:account_list",
        gettext_lazy("Tài khoản"),
        "mau-nhap-tai-khoan.xlsx",
        gettext_lazy("tài khoản"),
        lambda request, rows: services.accounts_import(
            actor=request.user, rows=rows, site_url=request.build_absolute_uri("/")
        ),
    ),
}

#: The name of each import's pending preview in the session (`clusters.imports.stash`).
SESSION_KIND = "clusters_%s"


def _page(request, kind: str) -> ImportPage:
    page = PAGES[kind]
    if not request.user.has_perm(page.permission):
        raise PermissionDenied
    return page


def _url(kind: str, step: str = "") -> str:
    return f"clusters:import_{kind}{step}"


@require_http_methods(["GET", "POST"])
def import_upload(request, kind: str):
    """Step 1: the upload, then every row with its status (new, unchanged) or its errors. Nothing is saved here."""
    page = _page(request, kind)
    spec = IMPORTS[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, file_errors = [], []
    if request.method == "POST" and form.is_valid():
        rows, file_errors = spec.parse(form.cleaned_data["file"], importer=request.user)
        clean = bool(rows) and not file_errors and all(row.ok for row in rows)
        imports.stash(request, SESSION_KIND % kind, [row.data for row in rows] if clean else None)
    elif request.method == "POST":
        imports.stash(request, SESSION_KIND % kind, None)
    errors = [row for row in rows if not row.ok]
    return render(
        request,
        "clusters/imports/upload.html",
        {
            "form": form,
            "page": page,
            "spec": spec,
            "title": spec.title,
            "shown": spec.shown,
            "rows": [(row, [row.values.get(c, "") for c in spec.shown]) for row in rows],
            "file_errors": file_errors,
            "error_count": len(errors),
            "error_rows": errors,
            "new_count": sum(1 for row in rows if row.ok and not row.unchanged),
            "unchanged_count": sum(1 for row in rows if row.ok and row.unchanged),
            "ready": bool(rows) and not errors and not file_errors,
            "confirm_url": _url(kind, "_confirm"),
            "template_url": _url(kind, "_template"),
            "upload_url": _url(kind),
            "columns": spec.columns(),
        },
    )


@require_POST
def import_confirm(request, kind: str):
    """Step 2: save the previewed rows, all or nothing, once (a second confirm finds nothing to save)."""
    page = _page(request, kind)
    rows = imports.take(request, SESSION_KIND % kind)
    if not rows:
        flash_errors(request, imports.nothing_to_confirm())
        return redirect(_url(kind))
    try:
        result = page.save(request, rows)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(_url(kind))
    except PermissionDenied as refusal:  # the jurisdiction or the roles changed since the preview
        messages.error(request, str(refusal))
        return redirect(_url(kind))
    done = _("Đã nhập %(noun)s từ Excel: %(new)s mới, %(same)s không đổi.") % {
        "noun": page.noun,
        "new": len(result.created),
        "same": result.unchanged,
    }
    if kind == "accounts" and result.created:
        done += " " + _("Đã gửi lời mời đặt mật khẩu tới e-mail của %(n)s tài khoản mới.") % {
            "n": len(result.created) - len(result.not_invited)
        }
    messages.success(request, done)
    if result.not_invited:
        messages.warning(
            request,
            _(
                "Chưa gửi được lời mời tới: %(names)s (máy chủ thư chưa sẵn sàng). Tài khoản đã được tạo; mở trang "
                "tài khoản và bấm gửi liên kết đặt mật khẩu."
            )
            % {"names": ", ".join(result.not_invited)},
        )
    return redirect(page.back)


@require_GET
def import_template(request, kind: str):
    """The import's template: Vietnamese headers, an example row, a sheet of instructions and allowed values."""
    page = _page(request, kind)
    response = HttpResponse(IMPORTS[kind].template(), content_type=FILE_TYPES[".xlsx"].content_type)
    response["Content-Disposition"] = f'attachment; filename="{page.filename}"'
    return response
