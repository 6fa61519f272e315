"""Helpers every app's views and forms share: paging, audit paging, service errors shown on the page,
crispy forms, the search box, date inputs and file downloads.

Paging links are built in the templates with Django's `{% querystring %}` tag (includes/pagination.html,
includes/audit.html), which keeps the page's other parameters (search, filters) and replaces only its own.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import EmulationGroup
from .rules import GroupYear
from .selectors.audit import audit_trail

__all__ = [
    "AUDIT_PAGE_PARAM",
    "CrispyMixin",
    "SearchForm",
    "add_form_errors",
    "audit_page",
    "error_messages",
    "error_text",
    "file_download",
    "group_year_or_404",
    "flash_errors",
    "paginate",
    "safe_next",
]

#: The audit history's own page parameter, so that a page's list and its history page independently.
AUDIT_PAGE_PARAM = "lich_su"


# --- Paging -----------------------------------------------------------------------------------------------
def paginate(request, queryset, per_page: int | None = None, *, param: str = "page") -> Page:
    """The page of `queryset` asked for in `?page=` (the last one when past the end, the first when not a
    number), `settings.PAGE_SIZE` rows unless `per_page` says otherwise."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get(param))


def audit_page(request, target, per_page: int = 20) -> Page:
    """One page of `target`'s audit history, newest first, its page number in `?lich_su=` (includes/audit.html)."""
    return paginate(request, audit_trail(target), per_page, param=AUDIT_PAGE_PARAM)


# --- Redirects ------------------------------------------------------------------------------------------
def safe_next(request, default: str, *, param: str = "next") -> str:
    """Where to go after a form: the page's own `next` (POST, then GET) when it is a path of this site, else
    `default` (a URL name or path). Every redirect target read from a request goes through here, so that
    `next=https://evil.example` or `//evil.example` never sends a user off the site."""
    target = request.POST.get(param) or request.GET.get(param) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


# --- Service errors on the page ---------------------------------------------------------------------------
def error_messages(error: ValidationError) -> list[str]:
    """The messages of a service's `ValidationError`, as text (lazy translations resolved)."""
    return [str(message) for message in error.messages]


def error_text(error: ValidationError) -> str:
    """The messages in one line, for one flash message or a JSON answer."""
    return " ".join(error_messages(error))


def flash_errors(request, error: ValidationError) -> None:
    """Each message of `error` as an error message on the next page."""
    for message in error_messages(error):
        messages.error(request, message)


def add_form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's `ValidationError` on the form it came from: a message about a field of the form under
    that field, every other message above the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error_messages(error):
            form.add_error(None, message)


# --- Forms ------------------------------------------------------------------------------------------------
class CrispyMixin:
    """A crispy-forms helper with one submit button (`submit_label`); `form_tag = False` for a form rendered
    inside a <form> of the page (no tag, no button: the page has them)."""

    submit_label = _("Lưu")
    form_tag = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = self.form_tag
        if self.form_tag:
            self.helper.add_input(Submit("submit", self.submit_label))


class SearchForm(forms.Form):
    """A list page's search box (`?q=`); a page's filter form adds its own fields to it."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)


# --- Objects of a URL -------------------------------------------------------------------------------------
def group_year_or_404(
    request, pk: int | None = None, year: int | None = None, *, group_pk: int | None = None
) -> GroupYear:
    """The group (`pk`, or `group_pk` in the pledges' URLs) and year of a URL; 404 for an unknown group.
    Also the object of the permission checks (`permission_required(..., fn=group_year_or_404)`)."""
    return GroupYear(get_object_or_404(EmulationGroup, pk=group_pk if group_pk is not None else pk), year)


# --- Downloads --------------------------------------------------------------------------------------------
def file_download(handle, *, filename: str, content_type: str) -> FileResponse:
    """A stored file sent as a download, never rendered in the browser: an attachment with the content type we
    chose (`clusters.uploads.content_type_for`), no sniffing, a sandbox if it is opened anyway, not cached by
    shared caches. Open the file before calling: a missing file is the caller's 404."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
