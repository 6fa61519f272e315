"""Diacritic-insensitive search: "lang son" finds "Lạng Sơn", "dak lak" finds "Đắk Lắk".

On PostgreSQL this uses the `unaccent` extension (created by a migration) through `thidua_fold`.
The self-contained demo runs on SQLite, where the same SQL function name is
registered with a Python implementation, so queries are written once.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import Func, Q, QuerySet, TextField


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
    """Filter `queryset` to rows where every word of `query` appears in one of `fields`."""
    words = fold(query).split()
    if not words:
        return queryset
    annotations = {f"_folded_{i}": folded(field) for i, field in enumerate(fields)}
    queryset = queryset.annotate(**annotations)
    for word in words:
        condition = Q()
        for name in annotations:
            condition |= Q(**{f"{name}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("THIDUA_FOLD", 1, fold, deterministic=True)


connection_created.connect(_register_sqlite_fold)
