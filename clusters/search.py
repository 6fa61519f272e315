"""Diacritic-insensitive search: "lang son" finds "Lạng Sơn", "dak lak" finds "Đắk Lắk".

On PostgreSQL this uses the `unaccent` extension (created by a migration) through `thidua_fold`.
The self-contained demo runs on SQLite, where the same SQL function name is
registered with a Python implementation, so queries are written once.
"""

import unicodedata

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import F, Func, GeneratedField, Q, QuerySet, TextField, Value
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


def folded_copy(column: str, verbose_name) -> GeneratedField:
    """A model field: `column` lower-cased without diacritics, computed and stored by the database on every write
    (a generated column), for the searches to compare as stored (with a trigram index on PostgreSQL, made by the
    model's migration) instead of folding every row again for each word typed. The model names it in its
    `FOLDED_COLUMNS` (`folded_of`)."""
    return GeneratedField(expression=Fold(column), output_field=TextField(), db_persist=True, verbose_name=verbose_name)


def folded(expression: str):
    """SQL expression: the column lower-cased without diacritics."""
    return Fold(expression)


def folded_of(model, path: str):
    """SQL expression: the field `path` of `model` ("full_name", or "nominee_person__full_name" through relations)
    lower-cased without diacritics. A model that stores a folded copy of a field says so in `FOLDED_COLUMNS`
    ({"full_name": "folded_name"}: `Person`'s generated column; a name there may also be a folded column alone, as
    `Proposal`'s "nominee"): that column is compared as stored (its trigram index answers, and no row is folded to
    check it); any other field is folded on the fly (`thidua_fold(col)`, the expression of the older indexes)."""
    *relations, name = path.split(LOOKUP_SEP)
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    stored = getattr(model, "FOLDED_COLUMNS", {}).get(name)
    if stored:
        return F(LOOKUP_SEP.join([*relations, stored]))
    return folded(path)


def search(queryset: QuerySet, query: str, *fields: str, among: dict[str, list] | None = None) -> QuerySet:
    """Filter `queryset` to rows where every word of `query` appears in one of `fields` (accent-insensitive).

    A field of the row itself is compared folded (`thidua_fold(col) LIKE '%word%'`, the expression the trigram
    indexes of migrations clusters.0004/0011 are built on), or as its stored folded copy (`folded_of`). A field
    one relation away ("unit__name"): the related rows matching each word are looked up first through their own
    index (every word in one query) and, when they are few (`RELATED_LIST_UP_TO`), matched by id
    (`unit_id IN (1, 2, ...)`, which an index answers and the database can OR with the trigram indexes);
    otherwise by a subquery on the related rows (read once, probed for each row). A field further away: the
    joined column is compared folded. `among`: the related rows a
    relation's fields are looked up among, when the list is already limited to them ({"unit": [ids]}: the units a
    user reads, listed by the caller): each word's related rows are then looked up within them, and are few."""
    words = fold(query).split()
    if not words:
        return queryset
    folded_names = {}
    for i, field in enumerate(fields):
        folded_names[field] = f"_folded_{i}"
    annotated = set()

    def compared(field: str, word: str) -> Q:
        if folded_names[field] not in annotated:
            annotated.add(folded_names[field])
        return Q(**{f"{folded_names[field]}__contains": word})

    among = among or {}
    listed = {
        field: _related_ids(queryset.model, field, words, among.get(field.split(LOOKUP_SEP, 1)[0]))
        for field in fields
        if LOOKUP_SEP in field
    }
    conditions = []
    for word in words:
        condition = Q()
        for field in fields:
            by_id = listed.get(field, {}).get(word)
            condition |= by_id if by_id is not None else compared(field, word)
        conditions.append(condition)
    annotations = {name: folded_of(queryset.model, field) for field, name in folded_names.items() if name in annotated}
    if annotations:
        queryset = queryset.annotate(**annotations)
    for condition in conditions:
        queryset = queryset.filter(condition)
    return queryset


#: Up to this many related rows matching a word are listed by id; more are matched by a subquery.
RELATED_LIST_UP_TO = 1000


def _related_ids(model, path: str, words: list[str], among: list | None = None) -> dict[str, Q]:
    """For each word: `path` ("unit__name") contains it, as `unit__in=[ids]` when few related rows match it,
    as `unit__in=(subquery)` when more do (`RELATED_LIST_UP_TO`). One query for all the words (a UNION ALL of
    one bounded lookup per word, each through the related column's own index): a unit's long name typed as a
    search is a dozen words, which were a dozen round trips. `among`: the related rows' ids to look within."""
    relation, field = path.rsplit(LOOKUP_SEP, 1)
    if LOOKUP_SEP in relation:
        return {}
    related = model._meta.get_field(relation).related_model
    words = list(dict.fromkeys(words))
    candidates = related._default_manager.all() if among is None else related._default_manager.filter(pk__in=among)

    def rows_with(word: str) -> QuerySet:
        return candidates.annotate(_f=folded_of(related, field)).filter(_f__contains=word).order_by()

    lookups = [
        rows_with(word).annotate(_w=Value(i)).values_list("_w", "pk")[: RELATED_LIST_UP_TO + 1]
        for i, word in enumerate(words)
    ]
    if connections[lookups[0].db].features.supports_slicing_ordering_in_compound and len(lookups) > 1:
        found = list(lookups[0].union(*lookups[1:], all=True))
    else:  # SQLite (the demo) cannot bound each part of a UNION: one query per word
        found = [row for lookup in lookups for row in lookup]
    ids: dict[int, list[int]] = {i: [] for i in range(len(words))}
    for i, pk in found:
        ids[i].append(pk)
    # more: the related rows matching the word as a subquery, which the database reads once (through the related
    # column's trigram index) and probes for each row (a hashed subplan); compared through a join instead, every
    # row was joined with all the related rows first ("van" is in over 1,000 of the 20,000 units' names: the
    # admin's "nguyen van" in the people list hashed every unit, issue 16)
    return {
        word: Q(**{f"{relation}__in": ids[i]})
        if len(ids[i]) <= RELATED_LIST_UP_TO
        else Q(**{f"{relation}__in": rows_with(word).values("pk")})
        for i, word in enumerate(words)
    }


def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("THIDUA_FOLD", 1, fold, deterministic=True)


connection_created.connect(_register_sqlite_fold)
