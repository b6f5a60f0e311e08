"""Inserting many new rows of one model, a statement per batch, without a model instance per row.

``QuerySet.bulk_create`` builds an instance for every row and prepares every field of every row,
its defaults included: for a report's paragraphs, items, owners and events that was most of what
storing cost. Here the fields the rows do not give are prepared once per call (their defaults, as a
new instance has them, ``auto_now`` included: the rows of one call share one timestamp), and only
the given ones per row. No signals, as with ``bulk_create``; the database checks every constraint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections, models

# Rows per statement: bounds a statement's size, and the memory a large report's rows take at once.
BATCH = 500

# Fields whose text or integer values the database driver takes as they are: preparing each value
# (get_db_prep_save gives them back unchanged) was a third of the time of a row.
_PLAIN = {
    "CharField", "TextField", "SlugField", "ForeignKey", "IntegerField", "BigIntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "SmallIntegerField",
}  # fmt: skip


def insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows``, values of ``columns`` (attribute names: ``paragraph_id``); return how many.

    One statement, run for each row of a batch (``executemany``: the driver reads it once, and
    PostgreSQL's pipelines it). It returns no ids: a caller that needs them reads them by their
    natural key, which no database mixes up as it may the order of ``RETURNING`` rows.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    given = [_field(meta, name) for name in columns]
    plain = [field.get_internal_type() in _PLAIN for field in given]
    proto = model()
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in columns]
    fixed = [f.get_db_prep_save(f.pre_save(proto, add=True), connection) for f in rest]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in [*given, *rest])
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * (len(given) + len(rest)))})"

    def prepared(row: Sequence) -> list:
        values = [
            value
            if is_plain and (value is None or type(value) in (str, int))
            else f.get_db_prep_save(value, connection)
            for f, is_plain, value in zip(given, plain, row, strict=True)
        ]
        return values + fixed

    return _run_many(connection, sql, map(prepared, rows))


def update(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Set ``columns`` of existing rows: each row is its values then its primary key; return how many.

    One statement run for each row, as ``insert`` does: ``QuerySet.bulk_update`` builds a CASE
    of every row for every column, which took longer to build than the database took to run.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    given = [_field(meta, name) for name in columns]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in given)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"

    def prepared(row: Sequence) -> list:
        *values, pk = row
        return [f.get_db_prep_save(value, connection) for f, value in zip(given, values, strict=True)] + [pk]

    return _run_many(connection, sql, map(prepared, rows))


def _run_many(connection, sql: str, params: Iterable[list]) -> int:
    """Run ``sql`` once for each parameter list, ``BATCH`` at a time; return how many times."""
    count = 0
    with connection.cursor() as cursor:
        for batch in _batches(params, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _field(meta, name: str) -> models.Field:
    return next(f for f in meta.concrete_fields if name in (f.attname, f.name))


def _batches(rows: Iterable[Sequence], size: int) -> Iterator[list[Sequence]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
