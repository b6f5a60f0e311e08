"""A list of ids in a query: on PostgreSQL one array parameter, elsewhere an IN list.

An IN list is a parameter per id: Django prepares each, psycopg places each, and above 50
parameters psycopg no longer caches the query's conversion, so a page of 50 items paid for
parsing its owners' and links' queries on every request, and the digest sweep's 20,000
recipients a tenth of its time. One array keeps the query text the same whatever the ids.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection
from django.db.models import F, Lookup, Q


def one_of(column: str, ids: Collection[int]) -> tuple[str, list]:
    """Raw SQL: ``column`` is one of ``ids``, and its parameters."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


class _AnyOf(Lookup):
    """``lhs = ANY(%s)`` with a list of ids as the one parameter (PostgreSQL)."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def among(field: str, ids: Collection[int]) -> Q | Lookup:
    """The ORM's ``field`` is one of ``ids`` (``one_of`` for querysets)."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), list(ids))
    return Q(**{f"{field}__in": ids})
