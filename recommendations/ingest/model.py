"""Plain data the parser and extractor hand to the rest of the service."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SubItem:
    """A lettered sub-item, with its offsets in the paragraph text."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """A UN document symbol cited in a paragraph, normalised, with where it was printed."""

    symbol: str
    start: int
    end: int


@dataclass
class Paragraph:
    number: int
    text: str
    section_order: int
    sub_items: list[SubItem] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    # Offsets of the paragraph's first and last character in the raw text.
    source_start: int = 0
    source_end: int = 0

    def sub_item_at(self, offset: int) -> str:
        """The label of the sub-item containing ``offset``, or ''."""
        for sub in self.sub_items:
            if sub.start <= offset < sub.end:
                return sub.label
        return ""

    def stored_sub_items(self) -> list[dict]:
        """The sub-items as a stored paragraph holds them (``Paragraph.sub_items``)."""
        return [{"label": s.label, "start": s.start, "end": s.end} for s in self.sub_items]


def stored_sub_item_at(sub_items: Iterable[dict], offset: int) -> str:
    """The label of the stored sub-item (``Paragraph.sub_items``) containing ``offset``, or ''."""
    return next((sub["label"] for sub in sub_items if sub["start"] <= offset < sub["end"]), "")


@dataclass
class Section:
    kind: str  # "chapter", "topic" or "annex"
    number: str  # "一", "III", "A"; "" for the annex
    heading: str
    order: int
    parent_order: int | None = None
    meeting_date: datetime.date | None = None
    # Annex only: the table's column names, and one row per meeting.
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


@dataclass
class ParsedDocument:
    symbol: str
    language: str
    original_language: str
    title: str
    date: datetime.date | None
    issuing_body: str
    sections: list[Section]
    paragraphs: list[Paragraph]

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def chapter_of(self, paragraph: Paragraph) -> Section:
        section = self.sections[paragraph.section_order]
        while section.parent_order is not None:
            section = self.sections[section.parent_order]
        return section


@dataclass(frozen=True)
class ExtractedItem:
    """A statement worth tracking, anchored to its paragraph by offsets."""

    kind: str
    paragraph: int
    sub_item: str
    seq: int  # 1-based position among the paragraph's items
    start: int
    end: int
    quote: str
    speaker: str
    owners: tuple[tuple[str, str], ...]  # (body code, "lead" | "supporting")
    # Addressees the quote names that match no body: (the words as printed, start, end),
    # offsets in the paragraph text. The review queue maps each to a body once.
    addressees: tuple[tuple[str, int, int], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.paragraph}-{self.seq}"
