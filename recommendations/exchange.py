"""Items to and from CSV, XLSX and JSON, in one schema that round-trips.

An exported file imported again changes nothing. Rows match items by their
stable reference (document symbol, language, key ``109-1``), so importing twice
duplicates nothing. Every row is checked before anything is written: a file
with any bad row is refused whole, each bad row named with its line and reason.
Status and response columns move items through the same transitions as the
admin; a change the workflow does not allow is a bad row.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.db import transaction

from . import services
from .models import Body, Item, ItemOwner
from .services.errors import ImportRefused
from .workflow import TRANSITIONS

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "json": "application/json"}  # fmt: skip
COLUMNS = ["document", "language", "key", "reference", "kind", "status", "response", "summary", "summary_zh",
           "due_date", "priority", "progress", "lead", "supporting", "quote"]  # fmt: skip
# What a file may change; the other columns identify the row or are there to read.
EDITABLE = {"kind", "status", "response", "summary", "summary_zh", "due_date", "priority", "progress", "lead",
            "supporting"}  # fmt: skip
PRIORITIES = {label: value for value, label in ((p.value, p.name.lower()) for p in Item.Priority)}
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def _row(item: Item) -> dict[str, str]:
    owners = list(item.ownerships.all())
    return {
        "document": item.document.symbol,
        "language": item.document.language,
        "key": item.key,
        "reference": item.reference,
        "kind": item.kind,
        "status": item.status,
        "response": item.response,
        "summary": item.summary,
        "summary_zh": item.summary_zh,
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "priority": Item.Priority(item.priority).name.lower(),
        "progress": "" if item.progress is None else str(item.progress),
        "lead": " ".join(o.body.code for o in owners if o.role == ItemOwner.Role.LEAD),
        "supporting": " ".join(o.body.code for o in owners if o.role == ItemOwner.Role.SUPPORTING),
        "quote": item.quote,
    }


def export_items(items, fmt: str) -> bytes:
    """The items as a file in ``fmt`` (csv, xlsx or json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    rows = [_row(item) for item in items.for_list()]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
    dataset = tablib.Dataset(*[[escape(r[c]) for c in COLUMNS] for r in rows], headers=COLUMNS)
    data = dataset.export(fmt)
    return data.encode("utf-8-sig") if isinstance(data, str) else data


@dataclass
class Change:
    item: Item
    where: str  # "line 3" of a spreadsheet, "item 2" of a JSON list
    fields: dict[str, Any] = field(default_factory=dict)  # kind, summary, summary_zh, priority
    due_date: Any = ...
    progress: int | None = None
    moves: list[str] = field(default_factory=list)
    owners: dict[str, str] | None = None


@dataclass
class ImportReport:
    rows: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.rows - len(self.changed)


def read_rows(data: bytes, fmt: str) -> list[dict[str, str]]:
    if fmt not in FORMATS:
        raise ImportRefused(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if not data.strip():
        raise ImportRefused("the file is empty")
    try:
        if fmt == "json":
            headers, records = _json_records(data)
        else:
            content: Any = data if fmt == "xlsx" else data.decode("utf-8-sig")
            dataset = tablib.Dataset().load(content, format=fmt)
            headers, records = list(dataset.headers or []), list(dataset)
    except UnicodeDecodeError:
        raise ImportRefused(f"the file is not UTF-8 {fmt.upper()}") from None
    except ImportRefused:
        raise
    except Exception as exc:  # the format readers raise many kinds for a malformed file
        raise ImportRefused(f"the file cannot be read as {fmt.upper()}: {exc}") from None
    headers = [str(h or "").strip() for h in headers]
    missing = [c for c in ("document", "language", "key") if c not in headers]
    if missing:
        raise ImportRefused(f"the file has no column {', '.join(missing)} (expected columns: {', '.join(COLUMNS)})")
    unknown = [h for h in headers if h not in COLUMNS]
    if unknown:
        raise ImportRefused(f"unknown column {', '.join(unknown)} (expected columns: {', '.join(COLUMNS)})")
    return [{h: _cell(value, fmt) for h, value in zip(headers, row, strict=False)} for row in records]


def _cell(value, fmt: str) -> str:
    # Text is kept as written (no strip), so an exported summary comes back unchanged.
    text = "" if value is None else str(value)
    return text if fmt == "json" else unescape(text)


def _json_records(data: bytes) -> tuple[list[str], list[list]]:
    rows = json.loads(data.decode("utf-8-sig"))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ImportRefused("a JSON file of items is a list of objects, one per item")
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return headers, [[row.get(h) for h in headers] for row in rows]


def import_items(*, data: bytes, fmt: str, actor) -> ImportReport:
    """Apply a file of items; all or nothing."""
    rows = read_rows(data, fmt)
    bodies = {b.code: b for b in Body.objects.all()}
    items = {
        (i.document.symbol, i.document.language, i.key): i
        for i in Item.objects.for_list().filter(
            document__symbol__in={r["document"].strip() for r in rows},
            document__language__in={r["language"].strip() for r in rows},
        )
    }
    changes, errors, seen = [], [], {}
    first_line = 1 if fmt == "json" else 2  # JSON rows count from 1; spreadsheets have a header line
    for line, row in enumerate(rows, start=first_line):
        where = f"{'item' if fmt == 'json' else 'line'} {line}"
        ident = (row["document"].strip(), row["language"].strip(), row["key"].strip())
        if ident in seen:
            errors.append(f"{where}: {' '.join(ident)} is also on {seen[ident]}")
            continue
        seen[ident] = where
        item = items.get(ident)
        if item is None:
            errors.append(f"{where}: no item {row['key']} in {row['document']} ({row['language']})")
            continue
        try:
            changes.append(_change(item, row, where, bodies))
        except ImportRefused as exc:
            errors.append(f"{where} ({item.reference}): {exc.message}")
    if errors:
        raise ImportRefused("; ".join(errors))
    report = ImportReport(rows=len(rows))
    with transaction.atomic():
        for change in changes:
            try:
                if _apply(change, actor):
                    report.changed.append(f"{change.item.document.symbol} {change.item.key}")
            except services.ServiceError as exc:
                # One refusal undoes the whole file: the transaction rolls back.
                raise ImportRefused(f"{change.where} ({change.item.reference}): {exc.message}") from None
    return report


def _change(item: Item, row: dict[str, str], where: str, bodies: dict[str, Body]) -> Change:
    change = Change(item=item, where=where)
    if "quote" in row and row["quote"] and row["quote"] != item.quote:
        raise ImportRefused("the quote is not this item's quote; the key may be wrong")
    if "kind" in row and row["kind"] != item.kind:
        if row["kind"] not in Item.Kind.values:
            raise ImportRefused(f"kind {row['kind']!r} is not one of {', '.join(Item.Kind.values)}")
        change.fields["kind"] = row["kind"]
    for name in ("summary", "summary_zh"):
        if name in row and row[name] != getattr(item, name):
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
        number = int(float(value))
    except ValueError:
        raise ImportRefused(f"progress {value!r} is not a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise ImportRefused(f"progress {value!r} is not a number from 0 to 100")
    return number


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


def _apply(change: Change, actor) -> bool:
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
