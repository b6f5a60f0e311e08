"""Carrying a quote from one language version of a paragraph into another.

Paragraphs are aligned by their numbers and sub-items by their letters, as UN language versions
keep both. Within the narrowest unit both versions share, sentences are found (sentencex, which
knows the six UN languages) and aligned by their lengths, as translators keep sentences in
order: one to one, or one to two and two to one where a translation joins or splits them
(Gale and Church's method, in its simplest form). A quote is carried to the sentences aligned
with the ones it touches; where sentences cannot be aligned, to the whole unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sentencex import get_sentence_boundaries

from .model import stored_sub_item_at

# What a sentence may be aligned with, and the cost of the shape itself (a join or split is rarer).
_SHAPES = {(1, 1): 0.0, (1, 2): 0.15, (2, 1): 0.15, (2, 2): 0.3, (1, 0): 0.5, (0, 1): 0.5}


class Carried(enum.StrEnum):
    SENTENCE = "sentence"  # to the aligned sentences
    SUB_ITEM = "sub_item"  # to the whole sub-item of the same letter
    PARAGRAPH = "paragraph"  # to the whole paragraph of the same number


@dataclass(frozen=True)
class Unit:
    """A paragraph's text in one language, with its lettered sub-items ({"label", "start", "end"})."""

    text: str
    language: str
    sub_items: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    carried: Carried


def sentences(text: str, language: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end), trailing spaces left out; empty ones dropped."""
    spans = []
    for found in get_sentence_boundaries(language, text):
        start, end = found["start_index"], found["end_index"]
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return spans


def align(source: list[int], target: list[int]) -> list[tuple[range, range]]:
    """Sentence lengths aligned in order: pairs of (source sentences, target sentences), covering both.

    Lengths are compared as shares of their unit, so that Chinese characters and English letters,
    which differ about threefold, compare alike.
    """
    total_s, total_t = sum(source) or 1, sum(target) or 1
    n, m = len(source), len(target)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), shape in _SHAPES.items():
                if i + di > n or j + dj > m:
                    continue
                share_s = sum(source[i : i + di]) / total_s
                share_t = sum(target[j : j + dj]) / total_t
                step = cost[i][j] + shape + abs(share_s - share_t)
                if step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = step
                    back[i + di][j + dj] = (di, dj)
    pairs, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        pairs.append((range(i - di, i), range(j - dj, j)))
        i, j = i - di, j - dj
    return pairs[::-1]


def carry(start: int, end: int, source: Unit, target: Unit) -> Span:
    """Where the quote ``source.text[start:end]`` is said in ``target``."""
    if not 0 <= start < end <= len(source.text):
        raise ValueError(f"the quote {start}–{end} is outside a paragraph of {len(source.text)} characters")
    lo, hi, fallback = 0, len(target.text), Carried.PARAGRAPH
    s_lo, s_hi = 0, len(source.text)
    letter = stored_sub_item_at(source.sub_items, start)
    twin = next((sub for sub in target.sub_items if sub["label"] == letter), None) if letter else None
    if twin is not None:
        own = next(sub for sub in source.sub_items if sub["label"] == letter)
        s_lo, s_hi, lo, hi, fallback = own["start"], own["end"], twin["start"], twin["end"], Carried.SUB_ITEM
    said = [(a + s_lo, b + s_lo) for a, b in sentences(source.text[s_lo:s_hi], source.language)]
    heard = [(a + lo, b + lo) for a, b in sentences(target.text[lo:hi], target.language)]
    if not said or not heard:
        return Span(lo, hi, fallback)
    touched = {k for k, (a, b) in enumerate(said) if a < end and b > start}
    chosen = [
        heard[k]
        for from_source, to_target in align([b - a for a, b in said], [b - a for a, b in heard])
        if touched.intersection(from_source)
        for k in to_target
    ]
    if not chosen:
        return Span(lo, hi, fallback)
    return Span(min(a for a, _ in chosen), max(b for _, b in chosen), Carried.SENTENCE)
