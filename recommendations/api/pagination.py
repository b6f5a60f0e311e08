"""Keyset ("cursor") pagination: a page deep in the list costs what the first page costs.

The cursor is the sort key of the last row sent, so the next page is a WHERE on an
index, never an OFFSET; there is no COUNT. Every ordering ends on a unique column,
and nullable ones are sorted through a non-null stand-in.
"""

from __future__ import annotations

import base64
import datetime
import json

from django.db.models import DateField, F, Value
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Coalesce
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from ..models.items import MAX_ID

_NO_DUE_DATE = datetime.date(9999, 12, 31)

# ordering name → the columns it sorts by, each (name, descending), ending on a unique one.
ORDERINGS = {
    "reference": [("paragraph_id", False), ("seq", False)],
    "due_date": [("due_sort", False), ("id", False)],
    "updated": [("updated_at", False), ("id", False)],
}
ORDERINGS |= {f"-{name}": [(column, not desc) for column, desc in columns] for name, columns in ORDERINGS.items()}
# What a cursor may hold for each column: anything else is refused before it reaches a query.
COLUMN_TYPES = {"paragraph_id": int, "seq": int, "id": int, "due_sort": datetime.date, "updated_at": datetime.datetime}


class KeysetPagination(BasePagination):
    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    default_ordering = "reference"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.ordering = request.query_params.get(self.ordering_query_param, self.default_ordering)
        if self.ordering not in ORDERINGS:
            raise ValidationError({"ordering": [f"one of {', '.join(sorted(ORDERINGS))}"]})
        columns = ORDERINGS[self.ordering]
        size = self._page_size(request)
        if any(column == "due_sort" for column, _ in columns):
            queryset = queryset.annotate(due_sort=Coalesce("due_date", Value(_NO_DUE_DATE, output_field=DateField())))
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            queryset = queryset.filter(self._after(columns, self._decode(cursor, columns)))
        order = [F(column).desc() if desc else F(column).asc() for column, desc in columns]
        rows = list(queryset.order_by(*order)[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        # Rows are dicts: lists are read with values().
        self.last_key = [rows[-1][column] for column, _ in columns] if rows else None
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self._next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "the next page, or null"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "in": "query", "required": False, "schema": {"type": "string"},
             "description": "the `next` link's cursor"},
            {"name": self.page_size_query_param, "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
            {"name": self.ordering_query_param, "in": "query", "required": False,
             "schema": {"type": "string", "enum": sorted(ORDERINGS)}},
        ]  # fmt: skip

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({"page_size": [f"a whole number from 1 to {self.max_page_size}"]})
        return int(raw)

    @staticmethod
    def _after(columns, values):
        """Rows after ``values`` in the ordering, as one row comparison: ``(a, b) > (x, y)``.

        Every ordering sorts its columns the same way, so the comparison is a single
        index range condition: a deep page starts at the cursor in the index instead of
        reading the list from its top.
        """
        row = Tuple(*(F(column) for column, _ in columns))
        descending = columns[0][1]
        return (TupleLessThan if descending else TupleGreaterThan)(row, tuple(values))

    def _next_link(self) -> str | None:
        if not self.has_next:
            return None
        raw = json.dumps([_plain(value) for value in self.last_key]).encode()
        cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def _decode(self, cursor: str, columns: list) -> list:
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if not isinstance(values, list) or len(values) != len(columns):
                raise ValueError
            return [_parse(value, COLUMN_TYPES[column]) for value, (column, _) in zip(values, columns, strict=True)]
        except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
            raise ValidationError({"cursor": ["not a cursor from this list: follow the `next` link"]}) from None


def _plain(value):
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _parse(value, kind: type):
    """A cursor's value for a column of type ``kind``, as ``_plain`` wrote it; ValueError for anything else."""
    if kind is datetime.datetime and isinstance(value, dict) and set(value) == {"dt"} and isinstance(value["dt"], str):
        parsed = datetime.datetime.fromisoformat(value["dt"])
        if parsed.tzinfo is None:
            raise ValueError(value)  # the list's date-times are aware: a naive one compares with nothing
        return parsed
    if kind is datetime.date and isinstance(value, dict) and set(value) == {"d"} and isinstance(value["d"], str):
        return datetime.date.fromisoformat(value["d"])
    if kind is int and type(value) is int and -MAX_ID <= value <= MAX_ID:
        return value
    raise ValueError(value)
