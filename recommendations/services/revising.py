"""Revising a document: a changed text of an imported symbol (a corrigendum, a reissue) becomes its
next revision, and every item's quote is found again in it.

Items are never dropped and never change status. Each quote is looked for by its W3C selectors
(``ingest.anchoring``) in the whole new text, so that a quote survives text inserted before it, a
paragraph split in two and the renumbering that follows. Where the words changed, or could not be
found (the item then quotes the paragraph most like its old one), the item waits for review with
its old and new words (``Reanchoring``). Every item whose anchor moved gets a new version with a
``quote`` event on its timeline; offsets always index the stored paragraph text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from ..ingest import IngestError, ParsedDocument, parse, read_report, text_language
from ..ingest.layout import layout_for
from ..ingest.parser import front_matter
from ..models import Citation, Document, DocumentText, Paragraph, Section, text_hash
from ..models.revisions import Revision
from . import languages, relocating
from .errors import ImportRefused
from .importing import check_document_size, differing_paragraphs
from .storing import store_citations

# A corrigendum or revision names the document it corrects: ``S/2017/130/Corr.1`` → ``S/2017/130``.
_AMENDMENT = re.compile(r"(?:/(?:Corr|Rev|Amend)\.\d+)+$")


@dataclass
class RevisionResult:
    document: Document
    revision: Revision | None  # None: the text is the one already imported; nothing changed
    found: Counter = field(default_factory=Counter)  # items per ``Found``, those whose anchor moved
    to_review: int = 0


def amended_symbol(symbol: str) -> str:
    """The symbol a corrigendum or revision amends (itself for a reissue)."""
    return _AMENDMENT.sub("", symbol)


def revise_document(
    *,
    data: bytes,
    symbol: str | None = None,
    language: str | None = None,
    actor=None,
    progress: Callable[[str], None] | None = None,
):
    """Record a changed text of an imported document as its next revision and re-anchor its items.

    ``symbol``: as issued (``S/2017/130/Corr.1``, or the document's own); default, the masthead's.
    All or nothing: a refusal or a failure leaves the document and its items as they were.
    ``progress`` is called with each stage's name as it begins (``ImportJob.Stage``).
    """
    report = progress or (lambda stage: None)
    check_document_size(len(data))
    report("parsing")
    text = read_report(data)
    language = language or text_language(text)
    if language is None:
        raise IngestError("the language of the text could not be told: give it")
    parsed, issued = _parse(text, language, symbol or None)
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    base = amended_symbol(issued)
    # Before the transaction, so that a caller's progress write is seen by others: finding the
    # quotes needs the document's rows locked, and is stored with them.
    report("anchoring")
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(symbol=base, language=language).first()
        if document is None:
            raise ImportRefused(f"{base} ({language}) is not imported: import it first, then revise it")
        # The same words from other bytes (the PDF of a text already imported): nothing to revise.
        if document.checksum == checksum or not differing_paragraphs(document, parsed):
            return RevisionResult(document, None)
        revision = _next_revision(document, parsed, issued, text, checksum, actor)
        old = relocating.Text.of(list(document.paragraphs.order_by("number").values_list("number", "text")))
        new = relocating.Text.of([(p.number, p.text) for p in parsed.paragraphs])
        items = list(document.items.select_for_update().select_related("paragraph").order_by("pk"))
        places = [relocating.place(item, old, new) for item in items]
        paragraphs = _replace_text(document, parsed, text, checksum)
        result = RevisionResult(document, revision)
        relocating.move_addressees(places, paragraphs)
        result.found, result.to_review = relocating.move_items(places, paragraphs, revision, actor)
        Paragraph.objects.filter(document=document).exclude(number__in=list(paragraphs)).delete()
        # The moved quotes in the other languages; or, revising another language, the quotes into it.
        holder = document if document.items.exists() else languages.holder_of(document.symbol, document.language)
        if holder is not None:
            languages.carry_quotes(holder.items.select_related("paragraph", "document"))
        Section.objects.filter(document=document, paragraphs__isnull=True).exclude(
            order__in=[s.order for s in parsed.sections]
        ).delete()
    return result


def _parse(text: str, language: str, symbol: str | None) -> tuple[ParsedDocument, str]:
    """The text parsed, and the symbol it was issued under: ``symbol`` if given, else the masthead's.

    A reissue prints the document's own symbol, a corrigendum may print its own: either amends
    the document, so the masthead is only held to amend the same one.
    """
    printed, _title = front_matter(text, layout_for(language))
    if symbol and printed and amended_symbol(printed) != amended_symbol(symbol):
        raise IngestError(f"the masthead says {printed}, which does not amend {amended_symbol(symbol)}")
    parsed = parse(text, language=language, symbol=printed or symbol)
    return parsed, symbol or parsed.symbol


def _next_revision(document: Document, parsed, issued: str, text: str, checksum: str, actor) -> Revision:
    last = document.revisions.order_by("-number").first()
    if last is None:
        # The text first imported becomes revision 1, readable once its paragraphs are replaced.
        paragraphs = document.paragraphs.order_by("number").values("number", "text", "sub_items")
        last = Revision.objects.create(
            document=document, number=1, symbol=document.symbol, checksum=document.checksum,
            text=DocumentText.objects.get(document=document).text, paragraphs=list(paragraphs),
        )  # fmt: skip
    snapshot = [{"number": p.number, "text": p.text, "sub_items": p.stored_sub_items()} for p in parsed.paragraphs]
    return Revision.objects.create(
        document=document, number=last.number + 1, symbol=issued, checksum=checksum, text=text,
        paragraphs=snapshot, imported_by=actor if actor is not None and actor.is_authenticated else None,
    )  # fmt: skip


def _replace_text(document: Document, parsed, text: str, checksum: str) -> dict[int, Paragraph]:
    """The document's sections, paragraphs and citations made the new text's, reusing rows by position."""
    sections = {s.order: s for s in document.sections.all()}
    for s in parsed.sections:
        row = sections.get(s.order) or Section(document=document, order=s.order)
        row.kind, row.number, row.heading, row.meeting_date = s.kind, s.number, s.heading, s.meeting_date
        row.columns, row.rows, row.parent = s.columns, s.rows, None
        row.save()
        sections[s.order] = row
    for s in parsed.sections:
        if s.parent_order is not None:
            Section.objects.filter(pk=sections[s.order].pk).update(parent=sections[s.parent_order])
    paragraphs = {p.number: p for p in document.paragraphs.all()}
    kept = {}
    for p in parsed.paragraphs:
        row = paragraphs.get(p.number) or Paragraph(document=document, number=p.number)
        row.section = sections[p.section_order]
        row.text, row.text_hash, row.sub_items = p.text, text_hash(p.text), p.stored_sub_items()
        row.source_start, row.source_end = p.source_start, p.source_end
        row.save()
        kept[p.number] = row
    Citation.objects.filter(paragraph__document=document).delete()
    store_citations(parsed, {number: row.pk for number, row in kept.items()})
    document.checksum = checksum
    document.save(update_fields=["checksum"])
    DocumentText.objects.filter(document=document).update(text=text)
    return kept
