"""Finding a quote again in a changed text, by its W3C Web Annotation selectors.

A quote is held by a TextQuoteSelector (the exact words, with a few characters before and after)
and a TextPositionSelector (its start and end). In a revised text the words are looked for where
they were, then anywhere, then fuzzily: the way annotation tools re-anchor (the words first, their
context to choose between repeats, the position as a hint), with rapidfuzz for the fuzzy part.
Characters, not words, are compared, so Chinese, which has no spaces, is matched like English.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rapidfuzz import fuzz

# Characters of context a selector keeps on each side of the quote.
CONTEXT = 32
# Below this similarity (0–100, rapidfuzz's) a fuzzy match is not the quote: it is lost.
MIN_SIMILARITY = 70.0
# Shorter quotes are only found word for word: a few characters match fuzzily almost anywhere.
MIN_FUZZY_LENGTH = 12
# How far (in characters) each end of a fuzzy match is looked for around where the match put it.
_EDGE_SLACK = 48


class Found(enum.StrEnum):
    SAME = "same"  # the words, where they were
    MOVED = "moved"  # the words, elsewhere
    CHANGED = "changed"  # words like them: to be reviewed
    LOST = "lost"  # nothing like them: to be reviewed


@dataclass(frozen=True)
class Selector:
    """A quote as W3C Web Annotations select it, in the text ``start`` and ``end`` count in."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Selector:
        """The selector of ``text[start:end]``, with its context."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"offsets {start}–{end} are outside a text of {len(text)} characters")
        return cls(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT], start, end)


@dataclass(frozen=True)
class Anchor:
    """Where a selector's quote is in a new text; for a lost one, where it was (clipped to the text)."""

    start: int
    end: int
    found: Found
    similarity: float  # of the words at start–end to the quote, 0–100

    @property
    def needs_review(self) -> bool:
        return self.found in (Found.CHANGED, Found.LOST)


def anchor(selector: Selector, text: str) -> Anchor:
    """``selector``'s quote in ``text``: word for word if it is there, else fuzzily, else lost."""
    exact = selector.exact
    if exact and text[selector.start : selector.end] == exact:
        return Anchor(selector.start, selector.end, Found.SAME, 100.0)
    places = _occurrences(exact, text) if exact else []
    if places:
        start = max(places, key=lambda place: (_context_score(selector, text, place), -abs(place - selector.start)))
        return Anchor(start, start + len(exact), Found.MOVED, 100.0)
    if len(exact) >= MIN_FUZZY_LENGTH:
        fuzzy = _fuzzy(selector, text)
        if fuzzy is not None:
            return fuzzy
    start = min(selector.start, len(text))
    return Anchor(start, min(max(selector.end, start), len(text)), Found.LOST, 0.0)


def _occurrences(needle: str, text: str) -> list[int]:
    places, at = [], text.find(needle)
    while at != -1:
        places.append(at)
        at = text.find(needle, at + 1)
    return places


def _context_score(selector: Selector, text: str, start: int) -> float:
    """How alike the text around ``start`` is to the selector's prefix and suffix (0–200)."""
    end = start + len(selector.exact)
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    return fuzz.ratio(selector.prefix, before) + fuzz.ratio(selector.suffix, after)


def _fuzzy(selector: Selector, text: str) -> Anchor | None:
    """The span of ``text`` most like the quote, its ends placed by the quote's context or its own ends."""
    exact = selector.exact
    # The best window of the quote's length: words inserted or dropped leave its ends approximate,
    # so each end is looked for again around it, within half the quote's length.
    window = fuzz.partial_ratio_alignment(exact, text, score_cutoff=MIN_SIMILARITY)
    if window is None:
        return None
    slack = max(_EDGE_SLACK, len(exact) // 2)
    start = _boundary(text, window.dest_start, slack, context=selector.prefix, own=exact[:CONTEXT], at_start=True)
    end = _boundary(text, window.dest_end, slack, context=selector.suffix, own=exact[-CONTEXT:], at_start=False)
    if end <= start:
        start, end = window.dest_start, window.dest_end
    similarity = fuzz.ratio(exact, text[start:end])
    if similarity < MIN_SIMILARITY:
        return None
    return Anchor(start, end, Found.CHANGED, round(similarity, 1))


def _boundary(text: str, near: int, slack: int, *, context: str, own: str, at_start: bool) -> int:
    """Where the quote starts (or ends) around ``near``: next to its context (the prefix's end, the
    suffix's start) or at its own first (last) characters, by whichever ``text`` holds the more alike;
    the context wins a tie. ``near`` when neither is there."""
    best = None
    for piece, edge_is_match_end in ((context, at_start), (own, not at_start)):
        if not piece:
            continue
        lo, hi = max(0, near - slack - len(piece)), min(len(text), near + slack + len(piece))
        match = fuzz.partial_ratio_alignment(piece, text[lo:hi], score_cutoff=MIN_SIMILARITY)
        if match is not None and (best is None or match.score > best[0]):
            best = (match.score, lo + (match.dest_end if edge_is_match_end else match.dest_start))
    return best[1] if best else near
