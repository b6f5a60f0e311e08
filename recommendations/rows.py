"""An item's one shape: the row that the API's lists and item pages, exports and webhooks all write.

Built from a list row (``models.item_lists.list_values``, owners and lineage attached) with the facts of
``models.facts``; an item instance is first read as such a row (``row_of``), so that one function
writes both. ``ItemSerializer`` describes this row for the schema; tests hold the two together.
"""

from __future__ import annotations

import datetime
import functools

from django.urls import reverse
from django.utils import timezone

from tracker.links import site_url

from .models import Event, Item, ItemOwner, facts
from .models.item_lists import LIST_COLUMNS
from .models.lineage import Link, Linked

# How a file of items names a later item's relation to the row's own (a relation reads from the later item).
RELATED_BY = {
    Link.Relation.REPEATS: "repeated_by",
    Link.Relation.FOLLOWS_UP: "followed_up_by",
    Link.Relation.SUPERSEDES: "superseded_by",
}


def item_row(row: dict, today: datetime.date) -> dict:
    """A list row (``models.item_lists.list_rows()`` with owners and lineage attached) as the API writes an item.

    Dates and date-times are left to the renderer, which writes them as DRF does (ISO 8601,
    UTC as Z) without a Python call per value; ``item_json`` writes them for other encoders.
    """
    item_id, number, symbol = row["id"], row["paragraph_number"], row["document__symbol"]
    return {
        "id": item_id,
        "reference": facts.reference(symbol, number, row["sub_item"]),
        "key": facts.key(number, row["seq"]),
        "document": symbol,
        "language": row["document__language"],
        "paragraph": number,
        "sub_item": row["sub_item"],
        "kind": row["kind"],
        "status": row["status"],
        "response": row["response"],
        "summary": row["summary"],
        "summary_zh": row["summary_zh"],
        "quote": row["quote"],
        "quote_start": row["quote_start"],
        "quote_end": row["quote_end"],
        "quote_hash": row["quote_hash"],
        "speaker": row["speaker"],
        "owners": row["owners"],
        "lineage": [lineage_entry(linked) for linked in row["lineage"]],
        "due_date": row["due_date"],
        "priority": row["priority"],
        "progress": row["progress"],
        "closure_proposed": row["closure_proposed"],
        "overdue": facts.is_overdue(row["status"], row["due_date"], today),
        "version": row["version"],
        "etag": facts.etag(item_id, row["version"]),
        "last_activity_at": row["last_activity_at"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def lineage_entry(linked: Linked) -> dict:
    """A confirmed link as an item's row names the other item: its relation, where it stands, where to read it."""
    return {
        "relation": linked.relation,
        "direction": linked.direction,
        "item": linked.item,
        "reference": linked.reference,
        "key": linked.key,
        "document": linked.document,
        "url": api_url(linked.item),
    }


def api_url(item_id: int) -> str:
    """The item in the API, on the site's public address: the same in answers, webhooks and files."""
    return site_url(reverse("item-detail", args=[item_id]))


def row_of(item: Item) -> dict:
    """An item as ``list_rows()`` reads it, with its owners (prefetched by ``for_list``) and its
    lineage (set by ``models.lineage.load_lineage``: who may see the other items is the caller's to say)."""
    row = {column: functools.reduce(getattr, column.split("__"), item) for column in LIST_COLUMNS}
    row["paragraph_number"] = item.paragraph.number
    row["owners"] = [{"body": o.body.code, "role": o.role} for o in item.ownerships.all()]
    row["lineage"] = item.lineage
    return row


def item_json(item: Item, today: datetime.date | None = None) -> dict:
    """An item's row with its dates as text, for any JSON encoder: the API's item page, webhook payloads."""
    row = item_row(row_of(item), today or timezone.localdate())
    row["due_date"] = row["due_date"].isoformat() if row["due_date"] else None
    for name in ("last_activity_at", "created_at", "updated_at"):
        row[name] = _datetime(row[name])
    return row


def file_row(row: dict) -> dict[str, str]:
    """An item's row (``item_row``) in the schema of a file of items (``services.exchange.COLUMNS``): all text."""
    owners, due, progress = row["owners"], row["due_date"], row["progress"]
    return {
        "document": row["document"],
        "language": row["language"],
        "key": row["key"],
        "reference": row["reference"],
        "kind": row["kind"],
        "status": row["status"],
        "response": row["response"],
        "summary": row["summary"],
        "summary_zh": row["summary_zh"],
        "due_date": due.isoformat() if due else "",
        "priority": Item.Priority(row["priority"]).name.lower(),
        "progress": "" if progress is None else str(progress),
        "lead": " ".join(o["body"] for o in owners if o["role"] == ItemOwner.Role.LEAD),
        "supporting": " ".join(o["body"] for o in owners if o["role"] == ItemOwner.Role.SUPPORTING),
        "lineage": "; ".join(_file_link(entry) for entry in row["lineage"]),
        "quote": row["quote"],
    }


def _file_link(entry: dict) -> str:
    """``repeats S/2017/130 109-1`` (this item repeats that one); ``repeated_by S/2018/12 5-1`` (that one, this)."""
    relation = entry["relation"] if entry["direction"] == "earlier" else RELATED_BY[entry["relation"]]
    return f"{relation} {entry['document']} {entry['key']}"


def event_row(event: Event) -> dict:
    """An event as the API's timeline writes it (``EventSerializer``), its actor and item's document read."""
    return {
        "id": event.pk,
        "item": event.item_id,
        "kind": event.kind,
        "action": event.action,
        "actor": event.actor.username if event.actor else None,
        # In the current time zone, as DRF writes a date-time it was given.
        "created_at": _datetime(timezone.localtime(event.created_at)),
        "from_value": event.from_value,
        "to_value": event.to_value,
        "comment": event.comment,
        "progress": event.progress,
        "evidence_url": event.evidence_url,
        "evidence_symbol": event.evidence_symbol,
        "evidence_link": event.evidence_link,
        "version": event.version,
    }


def _datetime(value: datetime.datetime | None) -> str | None:
    """As DRF writes date-times: ISO 8601, UTC as Z."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
