"""Diacritic-insensitive search: "lang son" finds "Lạng Sơn", "dak lak" finds "Đắk Lắk".

On PostgreSQL this uses the `unaccent` extension (created by a migration) through `thidua_fold`.
The self-contained demo runs on SQLite, where the same SQL function name is
registered with a Python implementation, so queries are written once.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.constants import LOOKUP_SEP


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics (đ/Đ included)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()


class Fold(Func):
    """`thidua_fold(x)` = lower(unaccent(x)), IMMUTABLE so that indexes can be built on it (migration
    clusters.0003: a trigram index on people's names)."""

    function = "THIDUA_FOLD"
    output_field = TextField()


def folded(expression: str):
    """SQL expression: the column lower-cased without diacritics."""
    return Fold(expression)


def search(queryset: QuerySet, query: str, *fields: str) -> QuerySet:
    """Filter `queryset` to rows where every word of `query` appears in one of `fields` (accent-insensitive).

    A field of the row itself is compared folded (`thidua_fold(col) LIKE '%word%'`, the expression the trigram
    indexes of migrations clusters.0003/0004 are built on); a field reached through a relation ("unit__name")
    becomes `unit_id IN (the related rows whose folded field contains the word)`, so the related table's own
    index answers it and no joined column is folded row after row."""
    words = fold(query).split()
    if not words:
        return queryset
    own = [field for field in fields if LOOKUP_SEP not in field]
    annotations = {f"_folded_{i}": folded(field) for i, field in enumerate(own)}
    if annotations:
        queryset = queryset.annotate(**annotations)
    for word in words:
        condition = Q()
        for name in annotations:
            condition |= Q(**{f"{name}__contains": word})
        for field in fields:
            if LOOKUP_SEP in field:
                condition |= _related_contains(queryset.model, field, word)
        queryset = queryset.filter(condition)
    return queryset


#: A relation's matching rows up to this many are listed (`col IN (1, 2, ...)`, which an index on the column
#: answers and the planner can OR with the trigram indexes); more are matched by a subquery.
RELATED_LIST_UP_TO = 1000


def _related_contains(model, path: str, word: str) -> Q:
    """`path` ("nominee_person__unit__name") contains `word`, as `nominee_person__unit__in=<ids or subquery>`."""
    relation, field = path.rsplit(LOOKUP_SEP, 1)
    related = model
    for part in relation.split(LOOKUP_SEP):
        related = related._meta.get_field(part).related_model
    matching = related._default_manager.annotate(_f=folded(field)).filter(_f__contains=word).order_by().values("pk")
    if LOOKUP_SEP not in relation:
        ids = list(matching.values_list("pk", flat=True)[: RELATED_LIST_UP_TO + 1])
        if len(ids) <= RELATED_LIST_UP_TO:
            return Q(**{f"{relation}__in": ids})
    return Q(**{f"{relation}__in": matching})


def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("THIDUA_FOLD", 1, fold, deterministic=True)


connection_created.connect(_register_sqlite_fold)
