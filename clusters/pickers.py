"""Server-side pickers: a form's drop-down of units, people or accounts that does not list them all.

A form field whose rows grow with the data (every unit of the country, a unit's people, a board's accounts) is
given a named, registered picker with `attach(field, name, user=..., **args)`: the field's queryset comes from the
picker's builder, and its widget (clusters.widgets.QuickSelect) renders the whole list while it has at most
`THRESHOLD` rows (a count bounded by `THRESHOLD + 1`, unsorted), else only the selected rows, with a signed spec
of the picker (its name and arguments, django.core.signing) that static/js/app.js sends to the search endpoint
(`clusters:picker_search`) as the user types. The endpoint rebuilds the queryset from this registry for
`request.user` (a spec is never trusted beyond its signature), keeps only what that user reads (the picker's
`scope`) and answers at most `RESULTS` rows. A POST is still validated by the field's own queryset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q, QuerySet

from .search import fold, search
from .widgets import QuickSelect, QuickSelectMultiple

#: A field with more rows than this is searched on the server instead of listed.
THRESHOLD = 200
#: The endpoint answers at most this many rows.
RESULTS = 20
#: The search needs at least this many characters (a trigram index answers from 3; 2 is a short word).
MIN_CHARS = 2
SALT = "clusters.pickers"


@dataclass(frozen=True)
class Picker:
    """`build(user, **args)`: the rows the field accepts (`user` may be None for a form that has none; the endpoint
    always passes the signed-in user); `search`: the fields compared with the words typed (clusters.search);
    `scope(user)`: a filter keeping the rows `user` reads (None: the builder's rows are readable as they are);
    `label(obj)`: the option's text (the field's `label_from_instance` too)."""

    build: Callable[..., QuerySet]
    search: tuple[str, ...]
    scope: Callable[..., Q] | None = None
    label: Callable | None = None


PICKERS: dict[str, Picker] = {}


def register(name: str, *, search: tuple[str, ...], scope=None, label=None):
    """Decorator registering the builder of the picker `name` (module import time: every form module is imported
    when the URLs are, before the endpoint answers)."""

    def decorator(build):
        PICKERS[name] = Picker(build=build, search=tuple(search), scope=scope, label=label)
        return build

    return decorator


def sign(name: str, args: dict) -> str:
    return signing.dumps({"p": name, "a": args}, salt=SALT, compress=True)


def unsign(spec: str) -> tuple[Picker, dict]:
    """The picker and arguments of a signed spec; BadSignature (or KeyError for a picker no longer registered)."""
    data = signing.loads(spec, salt=SALT)
    return PICKERS[data["p"]], dict(data["a"])


def attach(field, name: str, *, user=None, **args) -> None:
    """Give `field` (a ModelChoiceField or ModelMultipleChoiceField) the rows of picker `name` and a widget that
    searches them on the server when they are many. `args` must be JSON (ids, strings)."""
    picker = PICKERS[name]
    field.queryset = picker.build(user, **args)
    if picker.label is not None:
        field.label_from_instance = picker.label
    widget = field.widget
    if not isinstance(widget, QuickSelect):
        kind = QuickSelectMultiple if widget.allow_multiple_selected else QuickSelect
        widget = kind(attrs=widget.attrs)
        widget.choices = field.choices
        widget.is_required = field.required
        field.widget = widget
    widget.picker = sign(name, args)


def share(fields) -> None:
    """The same picker field on many lines of a formset (`fields`, one per line): its rows are read once for every
    line when they are few (the lines' widgets share the list), else counted once and searched on every line."""
    fields = list(fields)
    if not fields:
        return
    queryset = fields[0].queryset
    if queryset.order_by().values("pk")[: THRESHOLD + 1].count() <= THRESHOLD:
        choices = list(fields[0].widget._options())  # one plain query (no count, no server-side cursor)
        for field in fields:
            field.widget.choices = choices
    else:
        for field in fields:
            field.widget.many = True


def results(picker: Picker, args: dict, *, user, query: str) -> list[dict]:
    """At most RESULTS rows of the picker for `user` matching `query` (every word, accent-insensitive)."""
    if len(fold(query).strip()) < MIN_CHARS:
        return []
    rows = picker.build(user, **args)
    if picker.scope is not None:
        rows = rows.filter(picker.scope(user))
    label = picker.label or str
    return [{"id": obj.pk, "label": label(obj)} for obj in search(rows, query, *picker.search)[:RESULTS]]
