"""Where each item of a revised document goes: its quote found again in the new text, the item
and its addressees moved there, each move an event and a ``Reanchoring`` to review where the words changed.

Each quote is looked for by its W3C selectors (``ingest.anchoring``) in the whole new text, so that a
quote survives text inserted before it, a paragraph split in two and the renumbering that follows.
Offsets always index the stored paragraph text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import F
from rapidfuzz import fuzz, process

from ..ingest.anchoring import Anchor, Found, Selector, anchor
from ..ingest.model import stored_sub_item_at
from ..models import Addressee, Event, Item, Paragraph, text_hash
from ..models.revisions import Reanchoring, Revision
from ._changes import record

# Between paragraphs in the text quotes are looked for in: no quote spans it unnoticed.
SEPARATOR = "\n\n"
# Added to the positions of items that move, so that none collides with another on the way.
_AWAY = 1_000_000_000


@dataclass(frozen=True)
class Text:
    """Paragraph texts joined, with where each begins: offsets in the whole text ↔ (paragraph, offset)."""

    numbers: list[int]
    texts: list[str]
    starts: list[int]
    whole: str

    @classmethod
    def of(cls, paragraphs: list[tuple[int, str]]) -> Text:
        starts, at = [], 0
        for _number, text in paragraphs:
            starts.append(at)
            at += len(text) + len(SEPARATOR)
        whole = SEPARATOR.join(text for _number, text in paragraphs)
        return cls([n for n, _ in paragraphs], [t for _, t in paragraphs], starts, whole)

    def locate(self, offset: int) -> int:
        """The index of the paragraph at ``offset`` (a separator counts as the next paragraph's)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if offset >= self.starts[index] + len(self.texts[index]) and index + 1 < len(self.texts):
            index += 1
        return index


@dataclass(frozen=True)
class Place:
    item: Item
    number: int
    start: int
    end: int
    quote: str
    found: Found
    similarity: float


def place(item: Item, old: Text, new: Text) -> Place:
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
            return Place(item, new.numbers[index], start, end, words, verdict, round(similarity, 1))
    # Not found: the item quotes the paragraph most like its old one, whole, until someone looks.
    _text, _score, index = process.extractOne(item.paragraph.text, new.texts, scorer=fuzz.ratio)
    return Place(item, new.numbers[index], 0, len(new.texts[index]), new.texts[index], Found.LOST, 0.0)


def move_addressees(places: list[Place], paragraphs: dict[int, Paragraph]) -> None:
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


def move_items(places: list[Place], paragraphs: dict[int, Paragraph], revision: Revision, actor) -> tuple[Counter, int]:
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
    notes, found = [], Counter()
    for place in renumbered:
        notes.append(_move(place, paragraphs[place.number], seqs[place.item.pk], revision, actor))
        found[place.found] += 1
    Reanchoring.objects.bulk_create(notes)
    return found, sum(1 for note in notes if note.needs_review)


def _move(place: Place, paragraph: Paragraph, seq: int, revision: Revision, actor) -> Reanchoring:
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
