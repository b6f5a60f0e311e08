"""Items from CSV, XLSX and JSON files, in the schema that `export` writes: the two round-trip.

An exported file imported again changes nothing. Rows match items by their
stable reference (document symbol, language, key ``109-1``), so importing twice
duplicates nothing. Every row is checked before anything is written: a file
with any bad row is refused whole, each bad row named with its line and reason.
Status and response columns move items through the same transitions as the
admin; a change the workflow does not allow is a bad row.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.db import transaction

from .. import services
from ..models import Body, Item
from .errors import ImportRefused, TooLarge
from .exchange_changes import apply, change_of

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "json": "application/json"}  # fmt: skip
COLUMNS = ["document", "language", "key", "reference", "kind", "status", "response", "summary", "summary_zh",
           "due_date", "priority", "progress", "lead", "supporting", "lineage", "quote"]  # fmt: skip
# What the published schema (ExportRowSerializer) says of a column, where its name does not say it all.
COLUMN_HELP = {"due_date": "YYYY-MM-DD or empty", "progress": "0–100 or empty", "lead": "body codes, space-separated",
               "supporting": "body codes, space-separated",
               "lineage": "confirmed links to items of other reports, '; '-separated: a relation (repeats, follows_up, "
                          "supersedes; repeated_by, followed_up_by, superseded_by for a later item), the other item's "
                          "document and key; read only"}  # fmt: skip
# What a file may change; the other columns identify the row or are there to read.
EDITABLE = {"kind", "status", "response", "summary", "summary_zh", "due_date", "priority", "progress", "lead",
            "supporting"}  # fmt: skip
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


@dataclass
class ImportReport:
    rows: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.rows - len(self.changed)


def read_rows(data: bytes, fmt: str) -> list[dict[str, str]]:
    """The rows of a file of items, as {column: text}; refused before or while reading beyond the caps."""
    if fmt not in FORMATS:
        raise ImportRefused(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if len(data) > settings.ITEM_IMPORT_MAX_BYTES:
        raise TooLarge(
            f"the file is {len(data) / 2**20:.1f} MB; a file of items may be at most "
            f"{settings.ITEM_IMPORT_MAX_BYTES / 2**20:.1f} MB (ITEM_IMPORT_MAX_BYTES)"
        )
    if not data.strip():
        raise ImportRefused("the file is empty")
    try:
        if fmt == "json":
            headers, records = _json_records(data)
        elif fmt == "csv":
            headers, records = _first_and_rest(row for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) if row)
        else:
            headers, records = _xlsx_records(data)
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
    if "\x00" in text:
        # No database column can hold it (PostgreSQL refuses it in text): refused by name, not by a crash.
        raise ImportRefused(f"a cell holds a NUL character (\\x00): {text[:30]!r}")
    return text if fmt == "json" else unescape(text)


def _json_records(data: bytes) -> tuple[list[str], list[list]]:
    try:
        rows = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        raise ImportRefused("the JSON is nested too deeply: a file of items is a list of flat objects") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ImportRefused("a JSON file of items is a list of objects, one per item")
    _check_row_count(len(rows))
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return headers, [[row.get(h) for h in headers] for row in rows]


def _xlsx_records(data: bytes) -> tuple[list, list[list]]:
    # An XLSX is a zip: its declared unzipped size is checked before anything is inflated.
    try:
        unzipped = sum(entry.file_size for entry in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise ImportRefused("the file cannot be read as XLSX: it is not a spreadsheet (zip) file") from None
    if unzipped > settings.ITEM_IMPORT_MAX_UNZIPPED_BYTES:
        raise TooLarge(
            f"the spreadsheet unzips to {unzipped / 2**20:.0f} MB; at most "
            f"{settings.ITEM_IMPORT_MAX_UNZIPPED_BYTES / 2**20:.0f} MB is read (ITEM_IMPORT_MAX_UNZIPPED_BYTES)"
        )
    # Read-only: rows are read as they are iterated, so the row cap stops the reading itself.
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return _first_and_rest(book.active.iter_rows(values_only=True))
    finally:
        book.close()


def _first_and_rest(rows: Iterator) -> tuple[list, list[list]]:
    """The header row and the records after it, refused as soon as there are too many."""
    header = list(next(rows, None) or [])
    records = []
    for row in rows:
        records.append(list(row))
        _check_row_count(len(records))
    return header, records


def _check_row_count(count: int) -> None:
    cap = settings.ITEM_IMPORT_MAX_ROWS
    if count > cap:
        raise TooLarge(f"the file has more than {cap:,} rows of items (ITEM_IMPORT_MAX_ROWS); split it")


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
            changes.append(change_of(item, row, where, bodies))
        except ImportRefused as exc:
            errors.append(f"{where} ({item.reference}): {exc.message}")
    if errors:
        raise ImportRefused("; ".join(errors))
    report = ImportReport(rows=len(rows))
    with transaction.atomic():
        for change in changes:
            try:
                if apply(change, actor):
                    report.changed.append(f"{change.item.document.symbol} {change.item.key}")
            except services.ServiceError as exc:
                # One refusal undoes the whole file: the transaction rolls back.
                raise ImportRefused(f"{change.where} ({change.item.reference}): {exc.message}") from None
    return report
