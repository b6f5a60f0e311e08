"""What ours is measured against in bench/ingest.py: a naive import, and the reading both share.

Django code, imported once Django is set up.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.db import transaction

from recommendations.ingest import extract, parse, read_report, text_language
from recommendations.models import (
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


def saveloop_import(data: bytes, *, atomic: bool = False) -> object:
    """The naive import: ours' reading, parsing and extraction, then one ``save()`` per row.

    As Django runs it unless told otherwise, each ``save()`` its own transaction; or, ``atomic``, all in one.
    """
    text = read_report(data)
    parsed = parse(text, language=text_language(text))
    bodies = {body.code: body for body in Body.objects.all()}
    extracted = extract(parsed, {code: body.aliases(parsed.language) for code, body in bodies.items()})
    with transaction.atomic() if atomic else contextlib.nullcontext():
        if Document.objects.filter(symbol=parsed.symbol, language=parsed.language).exists():
            raise SystemExit(f"{parsed.symbol} is already imported: every import here is of a fresh symbol")
        document = Document(
            symbol=parsed.symbol, language=parsed.language, original_language=parsed.original_language,
            title=parsed.title, date=parsed.date, issuing_body=parsed.issuing_body,
            checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )  # fmt: skip
        document.save()
        DocumentText(document=document, text=text).save()
        sections = {}
        for s in parsed.sections:
            section = Section(document=document, parent=sections.get(s.parent_order), kind=s.kind, number=s.number,
                              heading=s.heading, meeting_date=s.meeting_date, order=s.order, columns=s.columns,
                              rows=s.rows)  # fmt: skip
            section.save()
            sections[s.order] = section
        paragraphs = {}
        for p in parsed.paragraphs:
            paragraph = Paragraph(
                document=document, section=sections[p.section_order], number=p.number, text=p.text,
                text_hash=text_hash(p.text), source_start=p.source_start, source_end=p.source_end,
                sub_items=p.stored_sub_items(),
            )  # fmt: skip
            paragraph.save()
            paragraphs[p.number] = paragraph
            for c in p.citations:
                reference, _ = Reference.objects.get_or_create(symbol=c.symbol)
                Citation(paragraph=paragraph, reference=reference, start=c.start, end=c.end).save()
        code_of = {alias: code for code, body in bodies.items() for alias in body.aliases(parsed.language)}
        for e in extracted:
            item = Item(document=document, paragraph=paragraphs[e.paragraph], sub_item=e.sub_item, seq=e.seq,
                        kind=e.kind, quote=e.quote, quote_start=e.start, quote_end=e.end,
                        quote_hash=text_hash(e.quote), speaker=e.speaker)  # fmt: skip
            item.skip_history_when_saving = True
            item.save()
            roles = {code: role for code, role in e.owners if code in bodies}
            spans = {}
            for words, start, end in e.addressees:
                if words in code_of:
                    roles[code_of[words]] = ItemOwner.Role.LEAD
                else:
                    spans[start] = (words, end)
            for code, role in roles.items():
                owner = ItemOwner(item=item, body=bodies[code], role=role)
                owner.skip_history_when_saving = True
                owner.save()
            for start, (words, end) in spans.items():
                Addressee(item=item, words=words[:200], start=start, end=end).save()
            Event(item=item, kind=Event.Kind.STATUS, action="import", to_value=Item.Status.PROPOSED, version=1).save()
    return document


def reading(data: bytes) -> object:
    """What both sides do before they write: read, tell the language, parse, extract (the bodies' aliases read)."""
    text = read_report(data)
    parsed = parse(text, language=text_language(text))
    return extract(parsed, {body.code: body.aliases(parsed.language) for body in Body.objects.all()})
