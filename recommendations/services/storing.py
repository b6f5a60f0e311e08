"""Storing a parsed report: its document, text, sections, paragraphs, citations and proposed items, in bulk."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from ..ingest import ExtractedItem, ParsedDocument
from ..models import (
    Addressee,
    Body,
    Citation,
    Document,
    DocumentText,
    Event,
    Item,
    ItemOwner,
    Paragraph,
    Reference,
    Section,
    text_hash,
)
from . import bulk
from .errors import ImportConflict


@dataclass
class ImportResult:
    document: Document
    created: bool
    paragraphs: int = 0
    citations: int = 0
    items: int = 0
    # A language version of a document imported before in another language: that document, and
    # how many of its items' quotes were carried into this one.
    version_of: Document | None = None
    quotes: int = 0
    # Links proposed from this report's items to the items of earlier reports (``lineage``).
    links: int = 0


def bodies_by_code() -> dict[str, Body]:
    return {body.code: body for body in Body.objects.all()}


def store_report(
    parsed: ParsedDocument, extracted: list[ExtractedItem], *, text: str, checksum: str, source_url: str
) -> ImportResult:
    """Write the rows of a report not stored yet, inside the caller's transaction."""
    try:
        # A savepoint: the unique constraint, not a lock, decides between two imports of a
        # new symbol (there is no row yet to lock), and the loser must roll back cleanly.
        with transaction.atomic():
            document = Document.objects.create(
                symbol=parsed.symbol,
                language=parsed.language,
                original_language=parsed.original_language,
                title=parsed.title,
                date=parsed.date,
                issuing_body=parsed.issuing_body,
                source_url=source_url,
                checksum=checksum,
            )
    except IntegrityError:
        raise ImportConflict(
            f"{parsed.symbol} ({parsed.language}) is being imported by another request; "
            "nothing was changed: look for it in a moment, or import again"
        ) from None
    DocumentText.objects.create(document=document, text=text)
    sections: dict[int, int] = {}
    # Parents come before their children, so two passes give every child its parent's key.
    for top_level in (True, False):
        rows = (
            (document.pk, sections.get(s.parent_order), s.kind, s.number, s.heading, s.meeting_date, s.order,
             s.columns, s.rows)
            for s in parsed.sections
            if (s.parent_order is None) == top_level
        )  # fmt: skip
        if bulk.insert(Section, SECTION_COLUMNS, rows):
            sections = dict(Section.objects.filter(document=document).order_by().values_list("order", "pk"))
    rows = (
        (document.pk, sections[p.section_order], p.number, p.text, text_hash(p.text),
         p.stored_sub_items(), p.source_start, p.source_end)
        for p in parsed.paragraphs
    )  # fmt: skip
    bulk.insert(Paragraph, PARAGRAPH_COLUMNS, rows)
    paragraphs = dict(Paragraph.objects.filter(document=document).order_by().values_list("number", "pk"))
    citations = store_citations(parsed, paragraphs)
    items = _store_items(document, extracted, paragraphs)
    return ImportResult(document, created=True, paragraphs=len(paragraphs), citations=citations, items=items)


SECTION_COLUMNS = ("document_id", "parent_id", "kind", "number", "heading", "meeting_date", "order", "columns", "rows")
PARAGRAPH_COLUMNS = (
    "document_id", "section_id", "number", "text", "text_hash", "sub_items", "source_start", "source_end",
)  # fmt: skip
ITEM_COLUMNS = (
    "document_id", "paragraph_id", "sub_item", "seq", "kind", "quote", "quote_start", "quote_end", "quote_hash",
    "speaker",
)  # fmt: skip


def store_citations(parsed: ParsedDocument, paragraphs: dict[int, int]) -> int:
    symbols = {c.symbol for p in parsed.paragraphs for c in p.citations}
    Reference.objects.bulk_create([Reference(symbol=s) for s in symbols], ignore_conflicts=True)
    references = {symbol: ref.pk for symbol, ref in Reference.objects.in_bulk(symbols, field_name="symbol").items()}
    rows = [
        (paragraphs[p.number], references[c.symbol], c.start, c.end) for p in parsed.paragraphs for c in p.citations
    ]
    bulk.insert(Citation, ("paragraph_id", "reference_id", "start", "end"), rows)
    return len(rows)


def _store_items(document: Document, extracted: list[ExtractedItem], paragraphs: dict[int, int]) -> int:
    # Read again inside the transaction: a body removed since extraction is no owner. An owner
    # the text names but no body stands for is kept as an unresolved addressee; the item waits
    # in the review queue, where a coordinator maps the words to a body once.
    bodies = bodies_by_code()
    aliases = {code: body.aliases(document.language) for code, body in bodies.items()}
    rows = (
        (document.pk, paragraphs[e.paragraph], e.sub_item, e.seq, e.kind, e.quote, e.start, e.end,
         text_hash(e.quote), e.speaker)
        for e in extracted
    )  # fmt: skip
    bulk.insert(Item, ITEM_COLUMNS, rows)
    stored = Item.objects.filter(document=document).order_by().values_list("paragraph_id", "seq", "pk")
    ids = {(paragraph, seq): pk for paragraph, seq, pk in stored}
    items = [ids[paragraphs[e.paragraph], e.seq] for e in extracted]
    # Words are mapped once: an addressee whose words are already an alias (mapped on an earlier
    # import) is an owner, whatever the extractor made of them.
    code_of = {alias: code for code, names in aliases.items() for alias in names}
    owners, addressees = [], {}
    for item, e in zip(items, extracted, strict=True):
        roles = {code: role for code, role in e.owners if code in bodies}
        for words, start, end in e.addressees:
            if words in code_of:
                roles[code_of[words]] = ItemOwner.Role.LEAD
            else:
                # One row per span of an item (the table's unique key), however often it was reported.
                addressees[item, start] = (item, words[:200], start, end)
        owners.extend((item, bodies[code].pk, role) for code, role in roles.items())
    bulk.insert(ItemOwner, ("item_id", "body_id", "role"), owners)
    bulk.insert(Addressee, ("item_id", "words", "start", "end"), addressees.values())
    # Version 1 of every item has its event, as every later version does: proposed by this import.
    rows = ((item, Event.Kind.STATUS, "import", Item.Status.PROPOSED, 1) for item in items)
    bulk.insert(Event, ("item_id", "kind", "action", "to_value", "version"), rows)
    return len(items)
