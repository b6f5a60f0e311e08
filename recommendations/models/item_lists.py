"""Items as lists read them: plain rows (dicts) of the columns shown, their owners read in bulk, no model instances.

The API, the exports and the annotations page through ``list_rows`` / ``list_values`` and give the
rows their owners with ``attach_owners``; the admin's list reads each item's owners inside its page
query (``with_owner_rows``, ``inline_owners``).
"""

import functools
import json

from django.db import connection, models
from django.db.models.expressions import RawSQL

from tracker.sql import one_of

from .bodies import Body, list_name
from .documents import Paragraph
from .items import Item, ItemOwner

# The columns a list of items reads, with its document's part of the reference; the paragraph's
# number is ``paragraph_number`` (``list_values``).
LIST_COLUMNS = (
    "id", "paragraph_id", "seq", "sub_item", "kind", "status", "response", "summary", "summary_zh", "quote",
    "quote_start", "quote_end", "quote_hash", "speaker", "due_date", "priority", "progress", "closure_proposed",
    "version", "last_activity_at", "created_at", "updated_at", "document__symbol", "document__language",
)  # fmt: skip


def list_values(items: models.QuerySet) -> models.QuerySet:
    """``items`` as a list reads them: ``LIST_COLUMNS`` and ``paragraph_number``, as dicts."""
    # The paragraph's number is read per row, not joined: lists are sorted by paragraph_id, and with
    # the paragraphs joined PostgreSQL merged the two in that order, reading the paragraphs' index
    # from its start, so that a page nine tenths down a million items read 90,000 paragraphs first
    # (keyset bounds items, not the joined table). Per row it is one primary-key lookup per item shown.
    # No ordering: the model's default (by document) joined the documents again inside it, per row.
    number = models.Subquery(Paragraph.objects.filter(pk=models.OuterRef("paragraph_id")).order_by().values("number"))
    return items.values(*LIST_COLUMNS, paragraph_number=number)


def list_rows() -> models.QuerySet:
    """Every item as a list shows it (``list_values``, no model instances), to filter and page."""
    return _every_list_row().all()


@functools.cache
def _every_list_row() -> models.QuerySet:
    # Never evaluated, only cloned: setting up these columns cost half as much as compiling
    # the whole page query, on every request.
    return list_values(Item.objects.all())


def attach_owners(rows: list[dict]) -> list[dict]:
    """Give each list row its owners ([{body, role}], lead first) under "owners", in one query.

    Cheaper than prefetch_related for a page of items: no model instances, no queryset per row.
    """
    by_item: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    if not by_item:
        return rows
    # Plain SQL: on a page of items, compiling the ORM query cost more than running it.
    owner, body = ItemOwner._meta.db_table, Body._meta.db_table
    among_items, params = one_of("o.item_id", by_item)
    sql = (
        f"SELECT o.item_id, b.code, o.role FROM {owner} o JOIN {body} b ON b.id = o.body_id "
        f"WHERE {among_items} ORDER BY o.item_id, o.role, b.name_en"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for item_id, code, role in cursor.fetchall():
            by_item[item_id].append({"body": code, "role": role})
    for row in rows:
        row["owners"] = by_item[row["id"]]
    return rows


def with_owner_rows(items: models.QuerySet) -> models.QuerySet:
    """Each item's owners read inside the item query (``inline_owners``), not by a query of their own.

    For a page of items: a second query, and a model instance per owner and per body, cost
    more than a subquery per row that reads a few index entries.
    """
    return items.annotate(owner_rows=RawSQL(_owner_rows_sql(), [], output_field=models.TextField()))


def inline_owners(item: Item) -> list[tuple[str, str]]:
    """The owners ``with_owner_rows`` read, as (role, name as a list shows it), lead first."""
    return [(role, list_name(*names)) for role, *names in json.loads(item.owner_rows)]


def _owner_rows_sql() -> str:
    """A subquery of the outer item's owners as JSON text: [[role, abbreviation, name_en, name_zh], ...],
    in ``ItemOwner``'s order (lead first, then by English name)."""
    quote = connection.ops.quote_name
    item = f"{quote(Item._meta.db_table)}.{quote('id')}"
    owners = f"{ItemOwner._meta.db_table} o JOIN {Body._meta.db_table} b ON b.id = o.body_id WHERE o.item_id = {item}"
    if connection.vendor == "postgresql":
        row = "json_build_array(o.role, b.abbreviation, b.name_en, b.name_zh)"
        return f"(SELECT coalesce(json_agg({row} ORDER BY o.role, b.name_en), '[]')::text FROM {owners})"
    # SQLite aggregates in the order its subquery gives.
    return (
        "(SELECT json_group_array(json_array(role, abbreviation, name_en, name_zh)) FROM "
        f"(SELECT o.role, b.abbreviation, b.name_en, b.name_zh FROM {owners} ORDER BY o.role, b.name_en))"
    )
