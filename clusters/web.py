"""Helpers every app's views and forms share: paging, audit paging, service errors shown on the page,
the text policy every form has (`TextPolicyMixin`), crispy forms, edit forms' versions and creating forms'
one-time tokens (clusters/concurrency.py), the search box, the year in URLs, date inputs and file downloads.

Paging links are built in the templates with Django's `{% querystring %}` tag (includes/pagination.html,
includes/audit.html), which keeps the page's other parameters (search, filters) and replaces only its own.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.core.validators import MaxLengthValidator
from django.db.models import BooleanField, F, Func, OrderBy, Q, QuerySet, Value
from django.http import FileResponse
from django.shortcuts import get_object_or_404, resolve_url
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .concurrency import ConflictError, decode_version, encode_version
from .formats import format_number
from .models import EmulationGroup
from .rules import GroupYear
from .selectors.audit import audit_trail
from .text import TEXT_MAX_LENGTH, YEARS, compose, plausible_date, refuse_control_characters

__all__ = [
    "AUDIT_PAGE_PARAM",
    "CrispyMixin",
    "PolicyModelForm",
    "OnceFormMixin",
    "VersionedFormMixin",
    "SearchForm",
    "TextPolicyMixin",
    "YearConverter",
    "add_form_errors",
    "audit_page",
    "error_messages",
    "error_text",
    "file_download",
    "group_year_or_404",
    "flash_errors",
    "BoundedPaginator",
    "SeekPage",
    "paginate",
    "safe_next",
]

#: The audit history's own page parameter, so that a page's list and its history page independently.
AUDIT_PAGE_PARAM = "lich_su"


# --- Paging -----------------------------------------------------------------------------------------------
#: The cursor parameters of a list page's "trang sau" / "trang trước" links past the counted pages.
AFTER_PARAM, BEFORE_PARAM = "sau", "truoc"


class _RowCompare(Func):
    """`(a, b, c) > (x, y, z)` (or <): one row comparison, which a B-tree index on (a, b, c) answers as a range."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expressions, values, operator: str):
        super().__init__(*expressions, *[Value(v) for v in values])
        self.width, self.operator = len(expressions), operator

    def as_sql(self, compiler, connection, **extra_context):
        sqls, params = [], []
        for expression in self.get_source_expressions():
            sql, sql_params = compiler.compile(expression)
            sqls.append(sql)
            params.extend(sql_params)
        left, right = ", ".join(sqls[: self.width]), ", ".join(sqls[self.width :])
        return f"({left}) {self.operator} ({right})", params


def _order_terms(queryset: QuerySet) -> list[tuple] | None:
    """The queryset's ORDER BY as (expression, descending) pairs ending with the primary key (added when absent,
    so that the order is total and a cursor names one row), or None when it cannot be sought (random order)."""
    ordering = list(queryset.query.order_by) or list(queryset.query.get_meta().ordering or [])
    terms, has_pk = [], False
    for term in ordering:
        if isinstance(term, str):
            if term == "?" or "." in term:
                return None
            descending = term.startswith("-")
            name = term.lstrip("-+")
            expression = F(name)
        elif isinstance(term, OrderBy):
            expression, descending = term.expression, term.descending
            name = getattr(expression, "name", "")
        elif isinstance(term, F):
            expression, descending, name = term, False, term.name
        else:
            return None
        has_pk = has_pk or name in ("pk", "id", queryset.model._meta.pk.attname)
        terms.append((expression, descending))
    if not has_pk:
        terms.append((F("pk"), False))
    return terms


def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    return value


def _decode(value):
    if isinstance(value, dict):
        if "t" in value:
            return datetime.datetime.fromisoformat(value["t"])
        if "d" in value:
            return datetime.date.fromisoformat(value["d"])
        if "n" in value:
            return Decimal(value["n"])
        raise ValueError(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise ValueError(value)


class BoundedPaginator(Paginator):
    """A paginator that counts at most `bound` rows (`settings.PAGE_COUNT_BOUND`): past it the page numbers stop
    and `more` is true ("hơn 10.000 kết quả"); the pages after those are reached by cursors (`SeekPage`)."""

    def __init__(self, object_list, per_page, *, bound: int, keep_count=None):
        super().__init__(object_list, per_page)
        self.bound = bound
        self.more = False
        self.keep_count = keep_count

    @cached_property
    def count(self) -> int:
        def compute() -> int:
            return self.object_list.order_by().values("pk")[: self.bound + 1].count()

        counted = self.keep_count(compute) if self.keep_count else compute()
        if counted > self.bound:
            self.more = True
            return (self.bound // self.per_page) * self.per_page
        return counted


class SeekPage(Page):
    """A page of a list: numbered within the counted rows, or (`number` None) found by a cursor after or before a
    row. `next_cursor` / `previous_cursor`: the signed cursors of the links past the numbered pages (None: the
    link is by number, or there is none)."""

    def __init__(self, object_list, number, paginator, *, has_next=None, has_previous=None):
        super().__init__(object_list, number, paginator)
        self._has_next, self._has_previous = has_next, has_previous
        self.next_cursor = self.previous_cursor = None

    @property
    def more(self) -> bool:
        self.paginator.count  # noqa: B018 -- counted first: a page found by cursor has not counted yet
        return self.paginator.more

    def has_next(self) -> bool:
        return self._has_next if self._has_next is not None else super().has_next()

    def has_previous(self) -> bool:
        return self._has_previous if self._has_previous is not None else super().has_previous()

    def next_page_number(self):
        return None if self.next_cursor or self.number is None else super().next_page_number()

    def previous_page_number(self):
        return None if self.previous_cursor or self.number is None else super().previous_page_number()


class _Seeker:
    """Keyset ("seek") paging of one ordered queryset: the order's terms annotated as `_seek0`, `_seek1`, ... so
    each row carries its key; a cursor is the signed key of a row, bound to the page's path and parameter."""

    def __init__(self, request, queryset: QuerySet, terms: list[tuple], param: str):
        self.terms = terms
        self.names = [f"_seek{i}" for i in range(len(terms))]
        self.queryset = queryset.annotate(**dict(zip(self.names, (t[0] for t in terms), strict=True)))
        self.salt = f"clusters.web.seek:{request.path}:{param}"

    def ordered(self, *, reverse: bool = False) -> QuerySet:
        return self.queryset.order_by(
            *[
                F(name).desc() if descending != reverse else F(name).asc()
                for name, (_expression, descending) in zip(self.names, self.terms, strict=True)
            ]
        )

    def key(self, row) -> list | None:
        values = [row[name] if isinstance(row, dict) else getattr(row, name) for name in self.names]
        return None if any(value is None for value in values) else values

    def cursor(self, row) -> str | None:
        key = self.key(row)
        return signing.dumps([_encode(v) for v in key], salt=self.salt, compress=True) if key else None

    def read(self, cursor: str) -> list:
        """The key of a cursor; a cursor changed by hand (or from another page) is a bad request."""
        try:
            values = [_decode(v) for v in signing.loads(cursor, salt=self.salt)]
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise BadRequest("bad cursor") from error
        if len(values) != len(self.names):
            raise BadRequest("bad cursor")
        return values

    def beyond(self, values: list, *, reverse: bool) -> QuerySet:
        """The rows after the key `values` in the order (before it, `reverse`), nearest first."""
        directions = {descending for _expression, descending in self.terms}
        if len(directions) == 1:  # one row comparison: an index on the order's columns is one range scan
            descending = directions.pop()
            operator = "<" if descending != reverse else ">"
            condition = _RowCompare([F(name) for name in self.names], values, operator)
            return self.ordered(reverse=reverse).filter(condition)
        condition, equal = Q(), Q()
        for name, value, (_expression, descending) in zip(self.names, values, self.terms, strict=True):
            lookup = "lt" if descending != reverse else "gt"
            condition |= equal & Q(**{f"{name}__{lookup}": value})
            equal &= Q(**{name: value})
        # and the leading terms of one direction as one row comparison, not strict: where the index scan starts
        first_descending = self.terms[0][1]
        width = next(i for i, (_e, descending) in enumerate(self.terms) if descending != first_descending)
        operator = "<=" if first_descending != reverse else ">="
        bound = _RowCompare([F(name) for name in self.names[:width]], values[:width], operator)
        return self.ordered(reverse=reverse).filter(bound, condition)


def paginate(
    request, queryset, per_page: int | None = None, *, param: str = "page", keep_count=None, read_rows=None
) -> Page:
    """The page of `queryset` asked for: `?page=` (the last counted one when past the end, the first when not a
    number) or, past the counted rows, `?sau=` / `?truoc=` (a cursor: the rows after / before a row, found by
    the order's index however deep). `settings.PAGE_SIZE` rows unless `per_page` says otherwise. At most
    `settings.PAGE_COUNT_BOUND` rows are counted (`page.more`: there are more). A list that is not an ordered
    queryset is paged by number alone. `keep_count(compute)`: returns the bounded count, kept somewhere (a cache)
    or `compute()`d. `read_rows(ids)`: the rows of a deep page by id, as a dict (`in_bulk`), without the list's
    conditions again (a reviewer's award records: their read rule is tens of thousands of ids to plan each time)."""
    per_page = per_page or settings.PAGE_SIZE
    terms = _order_terms(queryset) if isinstance(queryset, QuerySet) else None
    if terms is None:
        return Paginator(queryset, per_page).get_page(request.GET.get(param))
    seeker = _Seeker(request, queryset, terms, param)
    paginator = BoundedPaginator(seeker.ordered(), per_page, bound=settings.PAGE_COUNT_BOUND, keep_count=keep_count)
    after, before = request.GET.get(AFTER_PARAM), request.GET.get(BEFORE_PARAM)
    if param == "page" and (after or before):
        values = seeker.read(after or before)
        rows = list(seeker.beyond(values, reverse=bool(before) and not after)[: per_page + 1])
        further = len(rows) > per_page
        rows = rows[:per_page]
        if after:
            page = SeekPage(rows, None, paginator, has_next=further, has_previous=True)
        else:
            rows.reverse()
            page = SeekPage(rows, None, paginator, has_next=True, has_previous=further)
        if page.has_next() and rows:
            page.next_cursor = seeker.cursor(rows[-1])
        if page.has_previous() and rows:
            page.previous_cursor = seeker.cursor(rows[0])
        if before and not further:  # back at the start: the first numbered page
            return _numbered(paginator, 1, seeker, read_rows)
        return page
    try:
        number = paginator.validate_number(request.GET.get(param) or 1)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    return _numbered(paginator, number, seeker, read_rows)


def _numbered(paginator: BoundedPaginator, number: int, seeker: _Seeker, read_rows=None) -> SeekPage:
    bottom = (number - 1) * paginator.per_page
    if bottom and read_rows is not None:  # the keys as below, the rows by id alone, carrying their order's key
        keys = list(paginator.object_list.values_list("pk", *seeker.names)[bottom : bottom + paginator.per_page])
        by_pk = read_rows([key[0] for key in keys])
        rows = []
        for pk, *values in keys:
            if pk in by_pk:
                row = by_pk[pk]
                for name, value in zip(seeker.names, values, strict=True):
                    setattr(row, name, value)
                rows.append(row)
    elif bottom:  # the rows skipped are read as keys alone (an index-only walk), the page's rows then by key
        keys = list(paginator.object_list.values_list("pk", flat=True)[bottom : bottom + paginator.per_page])
        rows = list(paginator.object_list.filter(pk__in=keys))
    else:
        rows = list(paginator.object_list[: paginator.per_page])
    last_counted = number == paginator.num_pages
    page = SeekPage(rows, number, paginator, has_next=(not last_counted) or paginator.more)
    if last_counted and paginator.more and rows:
        page.next_cursor = seeker.cursor(rows[-1])
        page._has_next = page.next_cursor is not None
    return page


def audit_page(request, target, per_page: int = 20) -> Page:
    """One page of `target`'s audit history, newest first, its page number in `?lich_su=` (includes/audit.html)."""
    return Paginator(audit_trail(target), per_page).get_page(request.GET.get(AUDIT_PAGE_PARAM))


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


def add_form_errors(form: forms.BaseForm, error: ValidationError, *, current=None) -> None:
    """Show a service's `ValidationError` on the form it came from: a message about a field of the form under
    that field, every other message above the form. A `ConflictError` on an edit form shows both versions
    (`current()`: the form on the data as saved now, for a form that is not a ModelForm)."""
    if isinstance(error, ConflictError) and isinstance(form, VersionedFormMixin):
        form.show_conflict(error, current() if current is not None else None)
        return
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error_messages(error):
            form.add_error(None, message)


# --- Forms ------------------------------------------------------------------------------------------------
class _Composed:
    """A text field's `to_python` followed by Unicode composition (NFC)."""

    def __init__(self, to_python):
        self.to_python = to_python

    def __call__(self, value):
        value = self.to_python(value)
        return compose(value) if isinstance(value, str) else value


def apply_text_policy(fields) -> None:
    """The input policy of `clusters.text` on each of `fields` (once per field): a text field composes its
    value (NFC), refuses control characters and has a maximum length; a date field takes plausible dates only.
    Password fields are left as typed."""
    for field in fields.values():
        if getattr(field, "text_policy", False):
            continue
        field.text_policy = True
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
            if field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                field.widget.attrs.update(field.widget_attrs(field.widget))
            field.validators.append(refuse_control_characters)
            field.to_python = _Composed(field.to_python)
        elif isinstance(field, forms.DateField):
            field.validators.append(plausible_date)


class TextPolicyMixin:
    """Every form of the project has it (tests/cross/test_hostile_text.py walks them all): the text policy of
    `clusters.text` on every field, those declared and those a form's `__init__` adds after (applied again
    when the form is cleaned)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_text_policy(self.fields)

    def full_clean(self):
        apply_text_policy(self.fields)
        super().full_clean()


class PolicyModelForm(TextPolicyMixin, forms.ModelForm):
    """A plain ModelForm with the text policy: the base of the Django admin's forms (`clusters.admin.PolicyAdmin`)."""


class CrispyMixin(TextPolicyMixin):
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


def _shown(field: forms.Field, value) -> str:
    """A field's value as a person reads it, for the conflict message."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = [getattr(v, "pk", v) for v in value]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=keys)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        return str(field.queryset.filter(pk=getattr(value, "pk", value)).first() or "—")
    if isinstance(field, forms.BooleanField):
        return str(_("Có") if value else _("Không"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, dict(field.choices).get(str(value), value)))
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


class _HiddenMark(forms.CharField):
    """A form's own bookkeeping (its version, its one-time token): hidden, never one of the user's changes."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class VersionedFormMixin:
    """An edit form that knows which version of the row it was opened on: a hidden `version` field holding the
    row's `updated_at` (`version=` for a form that is not a ModelForm). After validation the value is
    `form.expected_version` (not in `cleaned_data`), which the view hands to the service, whose
    `clusters.concurrency.claim_version` refuses a stale one with a `ConflictError`; `add_form_errors` then calls
    `show_conflict`: the message, each field that differs with the user's value and the saved one, and the form
    takes the saved version, so that saving it again overwrites knowingly."""

    def __new__(cls, *args, **kwargs):
        form = super().__new__(cls)
        # Every keyword the form was built with (its own too, e.g. `user=`), to build it again on the saved row.
        form._current_kwargs = {
            k: v for k, v in kwargs.items() if k not in ("data", "files", "instance", "initial", "version")
        }
        return form

    def __init__(self, *args, version: datetime.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk:
            version = instance.updated_at
        self.fields["version"] = _HiddenMark(required=False, max_length=64, initial=encode_version(version))
        self.expected_version = None

    def clean(self):
        cleaned = super().clean()
        self.expected_version = decode_version((cleaned or self.cleaned_data).pop("version", ""))
        return cleaned

    def current_form(self):
        """The same form, unbound, on the row as saved now (a ModelForm; others override it)."""
        instance = type(self.instance)._default_manager.get(pk=self.instance.pk)
        return type(self)(instance=instance, **self._current_kwargs)

    def show_conflict(self, error: ConflictError, current=None) -> None:
        current = current if current is not None else self.current_form()
        self.add_error(None, error.messages[0])
        differences = 0
        for name, field in self.fields.items():
            if name in ("version", "submission_token") or name not in current.fields:
                continue
            theirs = current[name].initial
            if not field.has_changed(theirs, self[name].data):
                continue
            differences += 1
            yours = self.cleaned_data[name] if name in self.cleaned_data else self[name].data
            self.add_error(
                None,
                _("%(field)s — Bản của bạn: %(yours)s / Bản đang lưu: %(theirs)s")
                % {"field": field.label or name, "yours": _shown(field, yours), "theirs": _shown(field, theirs)},
            )
        if not differences:
            self.add_error(None, _("Bản của bạn và bản đang lưu giống nhau ở mọi ô của biểu mẫu này."))
        self.add_error(None, _("Hãy xem lại rồi bấm Lưu một lần nữa nếu vẫn muốn ghi bản của bạn."))
        data = self.data.copy()
        data[self.add_prefix("version")] = current["version"].initial
        self.data = data


class OnceFormMixin:
    """A creating form with a one-time token (hidden `submission_token`, new on every empty form; a form shown
    again with errors keeps its token; none when a ModelForm edits a saved object). The view, decorated with
    `clusters.concurrency.creates_once`, runs its service through `create_once`: one object however many times
    the form is sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(getattr(self, "instance", None), "pk", None) is not None:
            return  # the form edits a saved object: nothing to create
        self.fields["submission_token"] = _HiddenMark(required=False, max_length=64, initial=lambda: uuid.uuid4().hex)

    def clean(self):
        cleaned = super().clean()
        (cleaned or self.cleaned_data).pop("submission_token", None)
        return cleaned


class SearchForm(TextPolicyMixin, forms.Form):
    """A list page's search box (`?q=`); a page's filter form adds its own fields to it."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)


# --- Objects of a URL -------------------------------------------------------------------------------------
class YearConverter:
    """`<year:year>` in a URL: four digits from 1945 to 2100 (`clusters.text.YEARS`); any other year is a 404
    before a view sees it (registered in `clusters.apps`)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if year not in YEARS:
            raise ValueError(value)
        return year

    def to_url(self, value) -> str:
        return str(value)  # a link to a year out of range (next year's of 2100) is built, and answers 404


def group_year_or_404(
    request, pk: int | None = None, year: int | None = None, *, group_pk: int | None = None
) -> GroupYear:
    """The group (`pk`, or `group_pk` in the pledges' URLs) and year of a URL; 404 for an unknown group.
    Also the object of the permission checks (`permission_required(..., fn=group_year_or_404)`)."""
    return GroupYear(get_object_or_404(EmulationGroup, pk=group_pk if group_pk is not None else pk), year)


# --- Downloads --------------------------------------------------------------------------------------------
def stored_file_download(field, *, filename: str) -> FileResponse:
    """The file a job stored in `field` (a FieldFile), as `file_download` sends it, its content type from
    `filename`; 404 when the field is empty or its file is gone from the storage."""
    from django.http import Http404

    from .uploads import content_type_for

    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_download(handle, filename=filename, content_type=content_type_for(filename))


def file_download(handle, *, filename: str, content_type: str) -> FileResponse:
    """A stored file sent as a download, never rendered in the browser: an attachment with the content type we
    chose (`clusters.uploads.content_type_for`), no sniffing, a sandbox if it is opened anyway, not cached by
    shared caches. Open the file before calling: a missing file is the caller's 404."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
