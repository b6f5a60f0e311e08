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
    sections: dict[int, Section] = {}
    # Parents come before their children, so two passes give every child its parent's key.
    for top_level in (True, False):
        batch = [
            Section(
                document=document,
                parent=sections.get(s.parent_order) if s.parent_order is not None else None,
                kind=s.kind,
                number=s.number,
                heading=s.heading,
                meeting_date=s.meeting_date,
                order=s.order,
                columns=s.columns,
                rows=s.rows,
            )
            for s in parsed.sections
            if (s.parent_order is None) == top_level
        ]
        for section in Section.objects.bulk_create(batch):
            sections[section.order] = section
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            document=document,
            section=sections[p.section_order],
            number=p.number,
            text=p.text,
            text_hash=text_hash(p.text),
            sub_items=[{"label": s.label, "start": s.start, "end": s.end} for s in p.sub_items],
            source_start=p.source_start,
            source_end=p.source_end,
        )
        for p in parsed.paragraphs
    )
    by_number = {p.number: p for p in paragraphs}
    citations = store_citations(parsed, by_number)
    items = _store_items(document, extracted, by_number)
    return ImportResult(document, created=True, paragraphs=len(paragraphs), citations=citations, items=items)


def store_citations(parsed: ParsedDocument, paragraphs: dict[int, Paragraph]) -> int:
    symbols = {c.symbol for p in parsed.paragraphs for c in p.citations}
    Reference.objects.bulk_create([Reference(symbol=s) for s in symbols], ignore_conflicts=True)
    references = Reference.objects.in_bulk(symbols, field_name="symbol")
    citations = Citation.objects.bulk_create(
        Citation(paragraph=paragraphs[p.number], reference=references[c.symbol], start=c.start, end=c.end)
        for p in parsed.paragraphs
        for c in p.citations
    )
    return len(citations)


def _store_items(document: Document, extracted: list[ExtractedItem], paragraphs: dict[int, Paragraph]) -> int:
    # Read again inside the transaction: a body removed since extraction is no owner. An owner
    # the text names but no body stands for is kept as an unresolved addressee; the item waits
    # in the review queue, where a coordinator maps the words to a body once.
    bodies = bodies_by_code()
    aliases = {code: body.aliases(document.language) for code, body in bodies.items()}
    items = Item.objects.bulk_create(
        Item(
            document=document,
            paragraph=paragraphs[e.paragraph],
            sub_item=e.sub_item,
            seq=e.seq,
            kind=e.kind,
            quote=e.quote,
            quote_start=e.start,
            quote_end=e.end,
            quote_hash=text_hash(e.quote),
            speaker=e.speaker,
        )
        for e in extracted
    )
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
                addressees[item.pk, start] = Addressee(item=item, words=words[:200], start=start, end=end)
        owners.extend(ItemOwner(item=item, body=bodies[code], role=role) for code, role in roles.items())
    ItemOwner.objects.bulk_create(owners)
    Addressee.objects.bulk_create(addressees.values())
    # Version 1 of every item has its event, as every later version does: proposed by this import.
    Event.objects.bulk_create(
        Event(item=item, kind=Event.Kind.STATUS, action="import", to_value=Item.Status.PROPOSED, version=1)
        for item in items
    )
    return len(items)
