"""Fast bulk loading for the national-scale data set (`manage.py generate_scale_data`).

`copy_rows` streams rows into a table with PostgreSQL's COPY (via psycopg 3), which is an order of
magnitude faster than INSERTs for hundreds of thousands of rows. Every constraint, index and trigger
stays in force: COPY checks them row by row like an INSERT. Columns a row does not give get the
model field's default (called per row when it is a callable), `auto_now`/`auto_now_add` fields get
`stamp`, nullable fields NULL. Primary keys that other rows must point to are reserved beforehand
from the table's own sequence with `reserve_ids`, so the sequence stays consistent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection, models

__all__ = ["copy_rows", "reserve_ids"]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys taken from the table's sequence (nothing else will use them)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def _column_plan(model: type[models.Model], given: list[str], stamp):
    plan = []
    for field in model._meta.concrete_fields:
        name = field.attname
        if name in given:
            plan.append((field.column, name, None, False))
            continue
        if field.primary_key and isinstance(field, models.AutoField | models.BigAutoField):
            continue  # the table's sequence fills it
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            plan.append((field.column, None, stamp, False))
        elif field.has_default():
            default = field.default
            plan.append((field.column, None, default, callable(default)))
        elif field.null:
            plan.append((field.column, None, None, False))
        elif isinstance(field, models.CharField | models.TextField):
            plan.append((field.column, None, "", False))
        else:
            raise ValueError(f"{model.__name__}.{name} needs a value")
    return plan


def _adapt(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def copy_rows(model: type[models.Model], rows: Iterable[dict], *, fields: list[str], stamp) -> int:
    """COPY `rows` (dicts keyed by field attname, e.g. `unit_id`) into the model's table; returns the count."""
    plan = _column_plan(model, fields, stamp)
    columns = ", ".join(f'"{column}"' for column, *_ in plan)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(
                    [
                        _adapt(row[name]) if name is not None else (default() if is_callable else _adapt(default))
                        for _column, name, default, is_callable in plan
                    ]
                )
                count += 1
    return count
