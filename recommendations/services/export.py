"""Items out to CSV, XLSX and JSON, in the schema ``exchange`` reads back, streamed: memory stays flat."""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import tempfile
from collections.abc import Iterator

import openpyxl
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .. import permissions
from ..models.item_lists import attach_owners, list_values
from ..models.lineage import attach_lineage
from ..rows import file_row, item_row
from .exchange import COLUMNS, FORMATS, escape

# Rows read from the database at a time by an export.
EXPORT_BATCH = 2000


def export_rows(items, *, reader) -> Iterator[dict[str, str]]:
    """Each of ``items`` as a row of the file, read in batches: memory stays flat however many there are.

    ``reader``: who exports; the lineage names only items it may see (None: the system, every item).
    No default: a caller that forgot it would name other bodies' items to a focal point.
    """
    # A server-side cursor on PostgreSQL; the owners and the links come one query each per batch.
    rows = list_values(items).iterator(chunk_size=EXPORT_BATCH)
    today = timezone.localdate()
    body_ids = permissions.seen_bodies(reader)
    while batch := list(itertools.islice(rows, EXPORT_BATCH)):
        batch = attach_lineage(attach_owners(batch), body_ids=body_ids)
        yield from (file_row(item_row(row, today)) for row in batch)


def export_stream(items, fmt: str, *, reader) -> Iterator[bytes]:
    """The items as a file in ``fmt`` (csv, xlsx or json), in pieces, for a streaming response."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    rows = export_rows(items, reader=reader)
    if fmt == "json":
        return _json_stream(rows)
    if fmt == "csv":
        return _csv_stream(rows)
    return _xlsx_stream(rows)


def export_items(items, fmt: str, *, reader=None) -> bytes:
    """The items as a whole file in ``fmt``, in memory: for small sets only (tests)."""
    return b"".join(export_stream(items, fmt, reader=reader))


def _json_stream(rows: Iterator[dict]) -> Iterator[bytes]:
    yield b"["
    for n, row in enumerate(rows):
        yield (",\n" if n else "\n").encode() + json.dumps(row, ensure_ascii=False, indent=1).encode("utf-8")
    yield b"\n]\n"


def _csv_stream(rows: Iterator[dict]) -> Iterator[bytes]:
    line = _Line()
    writer = csv.writer(line)
    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    yield codecs.BOM_UTF8 + line.write_row(writer, COLUMNS)
    for row in rows:
        yield line.write_row(writer, [escape(row[c]) for c in COLUMNS])


class _Line:
    """What csv.writer writes to: it keeps one line, to be yielded at once."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text = text

    def write_row(self, writer, values) -> bytes:
        writer.writerow(values)
        return self.text.encode("utf-8")


def _xlsx_stream(rows: Iterator[dict]) -> Iterator[bytes]:
    # Write-only mode keeps rows on disk as they come; the zip is written to a temporary file
    # and read back in pieces, so neither the sheet nor the file is ever whole in memory.
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    for row in rows:
        # XLSX cannot hold most control characters (openpyxl refuses them, half-way through the
        # response): each is written as U+FFFD. CSV and JSON keep them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", escape(row[c])) for c in COLUMNS])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(64 * 1024):
            yield chunk
