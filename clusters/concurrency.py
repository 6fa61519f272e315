"""Two people, two tabs or two clicks at once: the one mechanism of each kind that every app uses.

- Optimistic locking of edit forms. Every edited row has `updated_at` (auto_now): the form carries the value it
  was opened on (`clusters.web.VersionedFormMixin`, a hidden `version` field) and the service calls
  `claim_version(obj, version)` first in its transaction: `UPDATE … SET updated_at = now() WHERE pk = … AND
  updated_at = <version>`. No row means someone saved in between: `ConflictError`, which the form shows with both
  versions of every field that differs (`VersionedFormMixin.show_conflict`), and nothing is saved.
- Idempotent creating forms. The form carries a one-time token (`clusters.web.OnceFormMixin`); the view is
  decorated with `creates_once` and calls its service through `create_once`, which writes a `SubmissionToken`
  row (the token and a digest of what was sent) in the same transaction as the object. Its unique constraint
  lets one POST create and makes every repeat of it (the back button, a double click, two parallel submits)
  wait for the first and then go to what it created, with "Đã lưu trước đó" (`repeated_submission`). The same
  token with other content creates: two tabs of a page the page cache served carry the same token.
- Unique violations of a race: `save_unique(obj)` saves in a savepoint and turns an IntegrityError into the
  model's own Vietnamese ValidationError (or a general one).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SubmissionToken

__all__ = [
    "ConflictError",
    "claim_state",
    "claim_version",
    "state_version",
    "create_once",
    "creates_once",
    "decode_version",
    "encode_version",
    "repeated_submission",
    "save_unique",
]

#: How long a used token still answers a repeat (the back button a day later creates anew).
TOKEN_DAYS = 1


# --- Optimistic locking -----------------------------------------------------------------------------------
_DIGEST = re.compile(r"[0-9a-f]{32}")


def encode_version(value: datetime.datetime | str | None) -> str:
    if isinstance(value, str):
        return value
    return value.isoformat() if value else ""


def decode_version(text: str | None) -> datetime.datetime | str | None:
    """The version a form was opened on: a row's `updated_at`, or a `state_version` digest; None when the form
    had none (a new object) or it was tampered with."""
    if not text:
        return None
    if _DIGEST.fullmatch(text):
        return text
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else None


def format_moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H:%M:%S} {date_format(local, 'd/m/Y')}"


class ConflictError(ValidationError):
    """Someone saved the row after the form was opened (`saved_at`): nothing was saved."""

    def __init__(self, *, saved_at: datetime.datetime | None):
        self.saved_at = saved_at
        if saved_at is None:
            message = _("Người khác đã sửa bản ghi này sau khi bạn mở trang. Thay đổi của bạn chưa được lưu.")
        else:
            message = _(
                "Người khác đã sửa bản ghi này lúc %(at)s, sau khi bạn mở trang. Thay đổi của bạn chưa được lưu."
            ) % {"at": format_moment(saved_at)}
        super().__init__(message, code="conflict")


def claim_version(obj, version: datetime.datetime | None) -> None:
    """Inside the caller's transaction: take the row of `obj` if it is still the `version` the form was opened on
    (its `updated_at`), moving its `updated_at` on so that any other form opened on that version now conflicts;
    raise `ConflictError` otherwise. A parallel claim waits for this transaction and then finds the new value.
    No version (a caller without a form, a new object): nothing to check."""
    if version is None:
        return
    manager = type(obj)._default_manager
    if not manager.filter(pk=obj.pk, updated_at=version).update(updated_at=timezone.now()):
        raise ConflictError(saved_at=manager.filter(pk=obj.pk).values_list("updated_at", flat=True).first())


def state_version(rows: Iterable) -> str:
    """The version of an edit form over a set of rows rather than one (a group's members in a year, a unit's
    ratings in a year): a digest of what the form shows, taken when it is opened and again, under a lock on the
    set's owner, when it is saved (`claim_state`)."""
    return hashlib.sha256(repr(sorted(repr(row) for row in rows)).encode()).hexdigest()[:32]


def claim_state(version, current: str) -> None:
    """Inside the caller's transaction, after it locked the set's owner row: ConflictError unless the set is
    still the `version` (a `state_version`) the form was opened on. No version: nothing to check."""
    if isinstance(version, str) and version != current:
        raise ConflictError(saved_at=None)


# --- Unique violations ------------------------------------------------------------------------------------
def save_unique(obj, **save_kwargs) -> None:
    """`obj.save()` in a savepoint. When a parallel request committed the same unique values first (full_clean
    saw nothing, the unique index says otherwise), the model's own message as a ValidationError."""
    try:
        with transaction.atomic():
            obj.save(**save_kwargs)
    except IntegrityError:
        try:
            obj.validate_unique()
            obj.validate_constraints()
        except ValidationError as error:
            raise error from None
        raise ValidationError(
            _("Một bản ghi giống hệt vừa được lưu bởi một yêu cầu khác. Hãy tải lại trang để xem.")
        ) from None


# --- Idempotent creating forms ----------------------------------------------------------------------------
ALREADY_SAVED = gettext_lazy("Đã lưu trước đó: lần gửi này trùng với một lần gửi đã lưu, không tạo thêm bản ghi.")


def _token(request) -> str:
    token = request.POST.get("submission_token", "") if request.method == "POST" else ""
    return token if 16 <= len(token) <= 64 and token.isalnum() else ""


def _content(request) -> str:
    """A digest of what the form sent (its fields, the names and sizes of its files). The same token with other
    content is another submission: two tabs of a page served from the page cache carry the same token."""
    fields = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "submission_token")
        for value in values
    )
    files = sorted((name, f.name, f.size) for name, f in request.FILES.items())
    return hashlib.sha256(repr((fields, files)).encode()).hexdigest()


def repeated_submission(request):
    """For a POST whose one-time token already created something: a redirect to it with "Đã lưu trước đó";
    None otherwise (first submission, no token). Call before validating the form."""
    token = _token(request)
    if not token or not request.user.is_authenticated:
        return None
    url = (
        SubmissionToken.objects.filter(
            user=request.user, token=token, content=_content(request), created_at__gte=_cutoff()
        )
        .values_list("url", flat=True)
        .first()
    )
    if not url:
        return None
    messages.info(request, ALREADY_SAVED)
    return redirect(url)


def _cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=TOKEN_DAYS)


class AlreadySaved(Exception):
    """A parallel POST with the same token created the object first; `response` goes to it."""

    def __init__(self, response):
        super().__init__("already saved")
        self.response = response


def create_once(request, create: Callable[[], object], *, url: Callable[[object], str] | None = None):
    """Run `create()` (a service creating one object) at most once per token of the submitted form.

    The token row and the object are written in one transaction: a parallel POST with the same token waits on
    the token's unique index, and when the first commits raises `AlreadySaved` (its `response` redirects to the
    object, with "Đã lưu trước đó"); when the first fails (a validation error), the token stays free for the
    corrected form. `url(obj)` is where a repeat goes (default `obj.get_absolute_url()`)."""
    token = _token(request)
    if not token or not request.user.is_authenticated:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(user=request.user, token=token, content=_content(request))
        except IntegrityError:
            response = repeated_submission(request)
            if response is None:  # a token older than TOKEN_DAYS: start anew
                SubmissionToken.objects.filter(user=request.user, token=token, content=_content(request)).delete()
                return create_once(request, create, url=url)
            raise AlreadySaved(response) from None
        obj = create()
        row.url = url(obj) if url else obj.get_absolute_url()
        row.save(update_fields=["url"])
        SubmissionToken.objects.filter(user=request.user, created_at__lt=_cutoff()).delete()
    return obj


def creates_once(view):
    """A creating view's decorator (under its permission check): a repeat of a POST that already created answers
    with `repeated_submission`, and a parallel one that lost the race inside `create_once` with its redirect."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        repeat = repeated_submission(request)
        if repeat is not None:
            return repeat
        try:
            return view(request, *args, **kwargs)
        except AlreadySaved as saved:
            return saved.response

    return wrapper
