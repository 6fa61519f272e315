"""Fast bulk loading for the national-scale data set (`manage.py generate_scale_data`).

`copy_rows` streams rows into a table with PostgreSQL's COPY (via psycopg 3), which is an order of
magnitude faster than INSERTs for hundreds of thousands of rows. Constraints and triggers stay in force:
COPY checks them row by row like an INSERT (foreign keys: see `bulk_load`). Columns a row does not give get the
model field's default (called per row when it is a callable), `auto_now`/`auto_now_add` fields get
`stamp`, nullable fields NULL. Primary keys that other rows must point to are reserved beforehand
from the table's own sequence with `reserve_ids`, so the sequence stays consistent.

At scale 10 (millions of rows) memory stays bounded: rows are streamed from generators, and a loop that
produces the rows of several tables at once puts them in a `Spool` (a temporary file, a chunk of rows in
memory at a time) until their table's turn. `bulk_load` builds the plain indexes and checks the foreign keys
of the loaded tables once, at the end of the same transaction, instead of row by row, and loads empty tables
frozen; unique indexes, primary keys, check constraints and triggers stay in force as the rows go in.
"""

from __future__ import annotations

import json
import operator
import pickle
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, models

__all__ = ["Spool", "backend_cpu_seconds", "bulk_load", "copy_rows", "reserve_ids", "triggers_off"]


def reserve_ids(model: type[models.Model], count: int) -> range:
    """`count` fresh primary keys taken from the table's sequence (nothing else will use them): one block,
    moved past in one statement, so millions of ids cost one round trip and no memory."""
    if count <= 0:
        return range(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') AS seq", [count, table]
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


class Spool:
    """A list of rows kept on disk: `append` rows, then iterate over them once, in order (e.g. into
    `copy_rows`). At most `chunk` rows are in memory at a time."""

    def __init__(self, chunk: int = 20_000):
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed when read back
        self._chunk = chunk
        self._buffer: list = []
        self._count = 0

    def append(self, row) -> None:
        self._buffer.append(row)
        self._count += 1
        if len(self._buffer) >= self._chunk:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            pickle.dump(self._buffer, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._buffer = []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator:
        self._flush()
        self._file.seek(0)
        try:
            while True:
                try:
                    chunk = pickle.load(self._file)  # noqa: S301 - our own temporary file
                except EOFError:
                    break
                yield from chunk
        finally:
            self._file.close()


#: How long `bulk_load` took to build each index again, the last time (index name → seconds).
INDEX_SECONDS: dict[str, float] = {}
#: `maintenance_work_mem` while `bulk_load` builds the indexes again.
MAINTENANCE_WORK_MEM = "1GB"

#: Tables emptied by `bulk_load` in this transaction, which COPY therefore fills with FREEZE.
_FREEZABLE: set[str] = set()


@contextmanager
def bulk_load(models_: Iterable[type[models.Model]], timings: dict | None = None):
    """Inside a transaction, around the COPYs into these models' tables:

    - their plain indexes (not unique, backing no constraint) are dropped, and built again on the way out:
      one sort instead of millions of insertions (trigram GIN indexes above all);
    - the foreign keys from and to them are dropped and added again on the way out, which checks every row
      in one join per key (a load that breaks one fails there) instead of one lookup and one row lock per row;
    - in a top-level transaction, the tables still empty are truncated so that COPY loads them frozen
      (`COPY … FREEZE`): the rows are visible to all at the commit and the first VACUUM has nothing to do.

    Unique indexes, primary keys, check constraints and triggers stay in force throughout. The time taken on
    the way out goes to `timings["indexes"]` and `timings["foreign keys"]`."""
    tables = [model._meta.db_table for model in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND (c.conrelid::regclass::text = ANY(%s) OR c.confrelid::regclass::text = ANY(%s))
            ORDER BY 1, 2
            """,
            [tables, tables],
        )
        foreign_keys = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        empty = []
        if connection.get_autocommit() is False and len(connection.atomic_blocks) == 1:
            for table in tables:
                cursor.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{table}")')
                if cursor.fetchone()[0]:
                    empty.append(table)
            if empty:
                cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in empty))
    _FREEZABLE.update(empty)
    try:
        yield
    finally:
        _FREEZABLE.difference_update(empty)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # A table with foreign-key checks still pending cannot be indexed: run them now (and defer them again
        # after, as Django's transactions expect; a no-op when the load checked them as it went).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # memory for the sorts of the index builds (GIN above all: the trigram indexes of millions of names and
        # decision numbers at scale 10 build several times faster in 1 GB than in the 64 MB default)
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        INDEX_SECONDS.clear()
        for name, definition in indexes:
            began = time.perf_counter()
            cursor.execute(definition)
            INDEX_SECONDS[name] = time.perf_counter() - began
        middle = time.perf_counter()
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if timings is not None:
        timings["indexes"] = middle - started
        timings["foreign keys"] = time.perf_counter() - middle


@contextmanager
def triggers_off(model: type[models.Model], *names: str):
    """Inside a transaction, these row triggers of the model's table do not fire (for a COPY whose rows already
    carry what they would compute; the caller checks it after): `ALTER TABLE … DISABLE TRIGGER`, which locks the
    table until the commit, and enabled again on the way out, whatever happens."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"')


def backend_cpu_seconds() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when the server runs on this machine."""
    import os
    from pathlib import Path

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _column_plan(model: type[models.Model], given: list[str], stamp):
    plan = []
    for field in model._meta.concrete_fields:
        name = field.attname
        if field.generated:
            continue  # computed by the database (a generated column)
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
    """COPY `rows` (dicts keyed by field attname, e.g. `unit_id`) into the model's table; returns the count.
    Per row only the given values are picked (and JSON fields encoded); the other columns' values are worked
    out once (a callable default is called per row)."""
    plan = _column_plan(model, fields, stamp)
    given = [(column, name) for column, name, _default, _callable in plan if name is not None]
    filled = [(column, default, is_callable) for column, name, default, is_callable in plan if name is None]
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    json_at = [i for i, (_column, name) in enumerate(given) if isinstance(by_attname[name], models.JSONField)]
    names = [name for _column, name in given]
    pick = operator.itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    per_row = any(is_callable for _column, _default, is_callable in filled)
    constant = tuple(None if is_callable else _adapt(default) for _column, default, is_callable in filled)
    columns = ", ".join(f'"{column}"' for column in [c for c, _n in given] + [c for c, *_ in filled])
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        table = model._meta.db_table
        freeze = " WITH (FREEZE)" if table in _FREEZABLE else ""
        with raw.copy(f'COPY "{table}" ({columns}) FROM STDIN{freeze}') as copy:
            write = copy.write_row
            for row in rows:
                values = pick(row)
                if json_at:
                    values = list(values)
                    for i in json_at:
                        values[i] = _adapt(values[i])
                    values = tuple(values)
                if per_row:
                    rest = tuple(default() if is_callable else _adapt(default) for _c, default, is_callable in filled)
                    write(values + rest)
                else:
                    write(values + constant)
                count += 1
    return count
