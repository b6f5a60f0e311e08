"""What one row of a file of items changes in its item: checked before anything is written, then applied.

``exchange.import_items`` checks every row (``change_of``) before it applies any (``apply``).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from .. import services
from ..models import Body, Item, ItemOwner
from ..models.items import SUMMARY_MAX_LENGTH
from ..workflow import TRANSITIONS
from .errors import ImportRefused

PRIORITIES = {label: value for value, label in ((p.value, p.name.lower()) for p in Item.Priority)}


@dataclass
class Change:
    item: Item
    where: str  # "line 3" of a spreadsheet, "item 2" of a JSON list
    fields: dict[str, Any] = field(default_factory=dict)  # kind, summary, summary_zh, priority
    due_date: Any = ...
    progress: int | None = None
    moves: list[str] = field(default_factory=list)
    owners: dict[str, str] | None = None


def change_of(item: Item, row: dict[str, str], where: str, bodies: dict[str, Body]) -> Change:
    change = Change(item=item, where=where)
    if "quote" in row and row["quote"] and row["quote"] != item.quote:
        raise ImportRefused("the quote is not this item's quote; the key may be wrong")
    if "kind" in row and row["kind"] != item.kind:
        if row["kind"] not in Item.Kind.values:
            raise ImportRefused(f"kind {row['kind']!r} is not one of {', '.join(Item.Kind.values)}")
        change.fields["kind"] = row["kind"]
    for name in ("summary", "summary_zh"):
        if name in row and row[name] != getattr(item, name):
            if len(row[name]) > SUMMARY_MAX_LENGTH:
                raise ImportRefused(f"{name} is {len(row[name]):,} characters long; at most {SUMMARY_MAX_LENGTH:,}")
            change.fields[name] = row[name]
    if row.get("priority"):
        if row["priority"] not in PRIORITIES:
            raise ImportRefused(f"priority {row['priority']!r} is not one of {', '.join(PRIORITIES)}")
        if PRIORITIES[row["priority"]] != item.priority:
            change.fields["priority"] = PRIORITIES[row["priority"]]
    if "due_date" in row:
        due = _date(row["due_date"])
        if due != item.due_date:
            change.due_date = due
    if row.get("progress"):
        progress = _percent(row["progress"])
        if progress != item.progress:
            change.progress = progress
    for axis in ("status", "response"):
        if axis in row and row[axis] and row[axis] != getattr(item, axis):
            change.moves.append(_move(item, axis, row[axis]))
    if "lead" in row or "supporting" in row:
        owners = _owners(row, bodies)
        current = {o.body.code: o.role for o in item.ownerships.all()}
        if owners != current:
            change.owners = owners
    return change


def _date(value: str):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise ImportRefused(f"due_date {value!r} is not a date (YYYY-MM-DD)") from None


def _percent(value: str) -> int:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    # "1e400" reads as infinity, "nan" as nothing at all: neither is a percentage.
    if not (math.isfinite(number) and 0 <= number <= 100):
        raise ImportRefused(f"progress {value[:20]!r} is not a number from 0 to 100")
    return int(number)


def _move(item: Item, axis: str, target: str) -> str:
    current = getattr(item, axis)
    for move in TRANSITIONS.values():
        if move.axis == axis and move.target == target and move.allowed_from(current):
            if move.evidence:
                raise ImportRefused(f"{axis} {target!r} needs evidence: close it from the item page or the API")
            return move.name
    raise ImportRefused(f"{axis} cannot go from {current!r} to {target!r}")


def _owners(row: dict[str, str], bodies: dict[str, Body]) -> dict[str, str]:
    owners: dict[str, str] = {}
    for column, role in (("lead", ItemOwner.Role.LEAD), ("supporting", ItemOwner.Role.SUPPORTING)):
        for code in row.get(column, "").replace(",", " ").replace(";", " ").split():
            if code not in bodies:
                raise ImportRefused(f"{column}: unknown body {code!r}")
            if code in owners:
                raise ImportRefused(f"{code} is both lead and supporting")
            owners[code] = role
    return owners


def apply(change: Change, actor) -> bool:
    item = change.item
    touched = False
    if change.fields:
        item = services.update_details(item=item, actor=actor, **change.fields)
        touched = True
    if change.due_date is not ...:
        item = services.set_due_date(item=item, actor=actor, due_date=change.due_date)
        touched = True
    # Progress first: it is reported on open items, and the same row may close the item.
    if change.progress is not None:
        item = services.record_progress(item=item, actor=actor, comment="imported from a file", percent=change.progress)
        touched = True
    for action in change.moves:
        item = services.transition(item=item, action=action, actor=actor, comment="imported from a file")
        touched = True
    if change.owners is not None:
        bodies = {b.code: b for b in Body.objects.filter(code__in=set(change.owners))}
        wanted = {code: (bodies[code], role) for code, role in change.owners.items()}
        item = services.replace_owners(item=item, actor=actor, owners=wanted)
        touched = True
    return touched
