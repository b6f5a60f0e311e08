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

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from rapidfuzz import fuzz, process

from ..ingest import IngestError, ParsedDocument, parse, read_report, text_language
from ..ingest.anchoring import Anchor, Found, Selector, anchor
from ..ingest.layout import layout_for
from ..ingest.model import stored_sub_item_at
from ..ingest.parser import front_matter
from ..models import Addressee, Citation, Document, DocumentText, Event, Item, Paragraph, Section, text_hash
from ..models.revisions import Reanchoring, Revision
from . import languages
from ._changes import record
from .errors import ImportRefused
from .importing import check_document_size, differing_paragraphs
from .storing import store_citations

# Between paragraphs in the text quotes are looked for in: no quote spans it unnoticed.
_SEPARATOR = "\n\n"
# A corrigendum or revision names the document it corrects: ``S/2017/130/Corr.1`` → ``S/2017/130``.
_AMENDMENT = re.compile(r"(?:/(?:Corr|Rev|Amend)\.\d+)+$")
# Added to the positions of items that move, so that none collides with another on the way.
_AWAY = 1_000_000_000


@dataclass
class RevisionResult:
    document: Document
    revision: Revision | None  # None: the text is the one already imported; nothing changed
    found: Counter = field(default_factory=Counter)  # items per ``Found``, those whose anchor moved
    to_review: int = 0


@dataclass(frozen=True)
class _Text:
    """Paragraph texts joined, with where each begins: offsets in the whole text ↔ (paragraph, offset)."""

    numbers: list[int]
    texts: list[str]
    starts: list[int]
    whole: str

    @classmethod
    def of(cls, paragraphs: list[tuple[int, str]]) -> _Text:
        starts, at = [], 0
        for _number, text in paragraphs:
            starts.append(at)
            at += len(text) + len(_SEPARATOR)
        whole = _SEPARATOR.join(text for _number, text in paragraphs)
        return cls([n for n, _ in paragraphs], [t for _, t in paragraphs], starts, whole)

    def locate(self, offset: int) -> int:
        """The index of the paragraph at ``offset`` (a separator counts as the next paragraph's)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if offset >= self.starts[index] + len(self.texts[index]) and index + 1 < len(self.texts):
            index += 1
        return index


@dataclass(frozen=True)
class _Place:
    item: Item
    number: int
    start: int
    end: int
    quote: str
    found: Found
    similarity: float


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
        old = _Text.of(list(document.paragraphs.order_by("number").values_list("number", "text")))
        new = _Text.of([(p.number, p.text) for p in parsed.paragraphs])
        items = list(document.items.select_for_update().select_related("paragraph").order_by("pk"))
        places = [_place(item, old, new) for item in items]
        paragraphs = _replace_text(document, parsed, text, checksum)
        result = RevisionResult(document, revision)
        _move_addressees(places, paragraphs)
        _move_items(places, paragraphs, revision, actor, result)
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


def _place(item: Item, old: _Text, new: _Text) -> _Place:
    """Where ``item``'s quote is in the new text: its paragraph's number and offsets in that paragraph."""
    offset = old.starts[old.numbers.index(item.paragraph.number)]
    selector = Selector.of(old.whole, offset + item.quote_start, offset + item.quote_end)
    found: Anchor = anchor(selector, new.whole)
    if found.found is not Found.LOST:
        index = new.locate(found.start)
        start = max(0, found.start - new.starts[index])
        end = min(found.end - new.starts[index], len(new.texts[index]))
        if end > start:
            # Words reaching into the next paragraph (one split in two) are reviewed, not silently cut.
            words = new.texts[index][start:end]
            verdict = found.found if found.end - new.starts[index] == end else Found.CHANGED
            similarity = found.similarity if verdict is found.found else fuzz.ratio(item.quote, words)
            return _Place(item, new.numbers[index], start, end, words, verdict, round(similarity, 1))
    # Not found: the item quotes the paragraph most like its old one, whole, until someone looks.
    _text, _score, index = process.extractOne(item.paragraph.text, new.texts, scorer=fuzz.ratio)
    return _Place(item, new.numbers[index], 0, len(new.texts[index]), new.texts[index], Found.LOST, 0.0)


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


def _move_addressees(places: list[_Place], paragraphs: dict[int, Paragraph]) -> None:
    """Each addressee's words found again in its item's new paragraph, nearest where the quote's move puts them.

    Addressees are offsets into the paragraph, as items are; words no longer in it address no one
    there now: their row goes (a mapped one's body stays the item's owner, its alias the body's).
    """
    place_of = {place.item.pk: place for place in places}
    addressees = list(Addressee.objects.filter(item__in=list(place_of)).order_by("item", "start"))
    taken: set[tuple[int, int]] = set()
    moved, gone = [], []
    for addressee in addressees:
        place = place_of[addressee.item_id]
        text = paragraphs[place.number].text
        expected = addressee.start + place.start - place.item.quote_start
        found = [m.start() for m in re.finditer(re.escape(addressee.words), text)]
        found = [at for at in found if (addressee.item_id, at) not in taken]
        if not found:
            gone.append(addressee.pk)
            continue
        at = min(found, key=lambda at: abs(at - expected))
        taken.add((addressee.item_id, at))
        if (addressee.start, addressee.end) != (at, at + len(addressee.words)):
            addressee.start, addressee.end = at, at + len(addressee.words)
            moved.append(addressee)
    Addressee.objects.filter(pk__in=gone).delete()
    # Out of the way first: (item, start, end) is unique, and two may trade places.
    Addressee.objects.filter(pk__in=[a.pk for a in moved]).update(start=F("start") + _AWAY, end=F("end") + _AWAY)
    Addressee.objects.bulk_update(moved, ["start", "end"])


def _move_items(places: list[_Place], paragraphs: dict[int, Paragraph], revision: Revision, actor, result) -> None:
    """Each item onto its new paragraph and offsets, numbered by position within the paragraphs that changed."""
    moved = {p.item.pk for p in places if (p.number, p.start, p.end, p.quote) != _where(p.item)}
    by_paragraph = defaultdict(list)
    for place in places:
        by_paragraph[place.number].append(place)
    seqs = {}
    for held in by_paragraph.values():
        if any(p.item.pk in moved for p in held):
            ordered = sorted(held, key=lambda p: (p.start, p.item.paragraph.number, p.item.seq))
            seqs |= {p.item.pk: n for n, p in enumerate(ordered, start=1)}
        else:
            seqs |= {p.item.pk: p.item.seq for p in held}
    renumbered = [p for p in places if p.item.pk in moved or seqs[p.item.pk] != p.item.seq]
    # Out of the way first: (paragraph, seq) is unique, and items trade places.
    Item.objects.filter(pk__in=[p.item.pk for p in renumbered]).update(seq=F("seq") + _AWAY)
    notes = []
    for place in renumbered:
        notes.append(_move(place, paragraphs[place.number], seqs[place.item.pk], revision, actor))
        result.found[place.found] += 1
    Reanchoring.objects.bulk_create(notes)
    result.to_review = sum(1 for note in notes if note.needs_review)


def _move(place: _Place, paragraph: Paragraph, seq: int, revision: Revision, actor) -> Reanchoring:
    item = place.item
    old_number, old_start, old_end, old_quote, old_seq = (
        item.paragraph.number, item.quote_start, item.quote_end, item.quote, item.seq
    )  # fmt: skip
    item.paragraph, item.seq = paragraph, seq
    item.quote_start, item.quote_end = place.start, place.end
    item.quote = place.quote
    item.quote_hash = text_hash(item.quote)
    item.sub_item = stored_sub_item_at(paragraph.sub_items, place.start)
    fields = ["paragraph", "seq", "quote_start", "quote_end", "quote", "quote_hash", "sub_item"]
    record(
        item, actor, Event.Kind.QUOTE, fields, activity=False, action="reanchor",
        from_value=f"¶{old_number}-{old_seq} {old_start}–{old_end}",
        to_value=f"¶{paragraph.number}-{seq} {place.start}–{place.end}",
        comment=f"{revision.symbol}: {Reanchoring.Found(place.found.value).label}",
    )  # fmt: skip
    return Reanchoring(
        item=item, revision=revision, found=place.found.value, similarity=place.similarity,
        old_paragraph=old_number, old_quote=old_quote, old_start=old_start, old_end=old_end,
        new_paragraph=paragraph.number, new_quote=item.quote, new_start=place.start, new_end=place.end,
    )  # fmt: skip


def _where(item: Item) -> tuple[int, int, int, str]:
    return item.paragraph.number, item.quote_start, item.quote_end, item.quote
