"""Which earlier item a new item makes again: likely predecessors across a body's reports.

A body's next report repeats some of its recommendations in new words, follows others up and
replaces a few. Reworded text shares characters more than words (Chinese has no spaces; English
changes its word forms), so items are compared as bags of character n-grams, each weighted by how
rare it is among the items compared (TF-IDF), so that the words every item of a report shares
("members stressed", "维持和平") count for little and the substance counts for much.

A pair is proposed when its similarity stands out from all the pairs compared (a number of
standard deviations above their mean), rather than above a fixed figure: n-grams of Chinese and of
English give similarities of different sizes, and this rule holds for both. Pairs are then taken
best first, one earlier item to one new item: a look-alike that shares words with an earlier item
loses it to the item that shares more.
"""

from __future__ import annotations

import enum
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

# Chinese and Japanese words are one or two characters; alphabetic words share stems of 3–5.
_NGRAMS = {"zh": (1, 2), "ja": (1, 2)}
_ALPHABETIC_NGRAMS = (3, 5)
# A pair is proposed this many standard deviations above the mean similarity of all pairs...
STANDOUT = 2.5
# ...and never below this cosine, which few or near-identical pairs would otherwise set too low.
MIN_SIMILARITY = 0.1
# Items of each side whose pairs among themselves help tell unrelated pairs (``_floor``).
_SAMPLE = 200


class Relation(enum.StrEnum):
    REPEATS = "repeats"  # the same recommendation again, in other words
    FOLLOWS_UP = "follows_up"  # refers to what was done on it and asks a further step
    SUPERSEDES = "supersedes"  # replaces the earlier request with another


# How reports say that a recommendation replaces or follows up an earlier one. Checked in this
# order: a replacement often mentions what was done too ("the policy having been issued, no longer…").
_SUPERSEDES = {
    "zh": re.compile(r"不再|无需再|取代|代替|改为|而是"),
    "en": re.compile(r"\b(?:no longer|instead|rather than|in place of|replac(?:e|es|ed|ing)|supersed)", re.I),
}
_FOLLOWS_UP = {
    "zh": re.compile(r"已[经于在]?|进展|上一份报告|上次报告|依照|根据.{0,12}建议|落实|执行情况|欢迎"),
    "en": re.compile(
        r"\b(?:progress|(?:has|have|had) been|welcom(?:ed|es|ing)|previous report|last report|pursuant to"
        r"|follow(?:ing|ed)? up|implementation of|took note|noted that)",
        re.I,
    ),
}


@dataclass(frozen=True)
class Candidate:
    """An item's words, keyed by whatever the caller names items by."""

    key: Hashable
    text: str


@dataclass(frozen=True)
class Proposal:
    later: Hashable
    earlier: Hashable
    relation: Relation
    similarity: float


def propose(later: Sequence[Candidate], earlier: Sequence[Candidate], *, language: str) -> list[Proposal]:
    """Likely predecessors of the ``later`` items among the ``earlier`` ones, all in ``language``.

    Each later and each earlier item is in at most one proposal; an item with no pair standing
    out has none.
    """
    if not later or not earlier:
        return []
    bags = [_grams(c.text, language) for c in (*later, *earlier)]
    weigh = _weights(bags)
    later_vectors = [weigh(bag) for bag in bags[: len(later)]]
    earlier_vectors = [weigh(bag) for bag in bags[len(later) :]]
    pairs = [(_cosine(lv, ev), i, j) for i, lv in enumerate(later_vectors) for j, ev in enumerate(earlier_vectors)]
    floor = _floor([score for score, _, _ in pairs], later_vectors, earlier_vectors)
    taken_later: set[int] = set()
    taken_earlier: set[int] = set()
    proposals = []
    for score, i, j in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
        if score < floor:
            break
        if i in taken_later or j in taken_earlier:
            continue
        taken_later.add(i)
        taken_earlier.add(j)
        text = later[i].text
        proposals.append(Proposal(later[i].key, earlier[j].key, relation_of(text, language), round(score, 4)))
    return proposals


def _floor(cross: list[float], *groups: list[dict[str, float]]) -> float:
    """The similarity a pair must reach to stand out from the pairs that are unrelated.

    Most pairs of items are unrelated, across the two reports and within each, so all of them
    together tell how alike unrelated items are. The pairs within each report are counted too,
    so that a small comparison (a few items each) still has enough pairs to tell it; at most
    ``_SAMPLE`` items of each report, so that a long series does not make it quadratic.
    """
    within = [
        _cosine(group[i], group[j])
        for group in groups
        for i in range(min(len(group), _SAMPLE))
        for j in range(i + 1, min(len(group), _SAMPLE))
    ]
    scores = [*cross, *within]
    return max(MIN_SIMILARITY, statistics.fmean(scores) + STANDOUT * statistics.pstdev(scores))


def relation_of(text: str, language: str) -> Relation:
    """How a new item relates to its predecessor, by how its words say so; a repeat unless they do."""
    if (pattern := _SUPERSEDES.get(language)) and pattern.search(text):
        return Relation.SUPERSEDES
    if (pattern := _FOLLOWS_UP.get(language)) and pattern.search(text):
        return Relation.FOLLOWS_UP
    return Relation.REPEATS


def series_key(title: str) -> str:
    """What the titles of one series of reports share: the title without its years, dates and spacing.

    "Report of the Working Group … from 1 January to 31 December 2016" and the same for 2017 are
    one series; "关于…工作组 2016年…期间活动的报告" likewise.
    """
    return "".join(ch for ch in _normal(title) if not ch.isdigit()).casefold()


def _normal(text: str) -> str:
    """Letters and digits only, full-width forms folded (Chinese reports mix both widths)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _grams(text: str, language: str) -> Counter[str]:
    low, high = _NGRAMS.get(language, _ALPHABETIC_NGRAMS)
    if language in _NGRAMS:
        runs = [_normal(text)]
    else:  # alphabetic: n-grams within words, each word marked at its ends
        runs = [f" {word} " for word in re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())]
    grams: Counter[str] = Counter()
    for run in runs:
        for n in range(low, high + 1):
            grams.update(run[k : k + n] for k in range(len(run) - n + 1))
    return grams


def _weights(bags: list[Counter[str]]):
    """A function giving a bag its unit TF-IDF vector, the IDF read from ``bags``."""
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
    count = len(bags)

    def weigh(bag: Counter[str]) -> dict[str, float]:
        vector = {g: (1 + math.log(n)) * math.log((1 + count) / (1 + frequency[g])) for g, n in bag.items()}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {g: w / norm for g, w in vector.items()}

    return weigh


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())
