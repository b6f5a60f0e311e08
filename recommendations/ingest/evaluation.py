"""How well the extractor finds the items a careful reader lists: recall and precision per report.

A gold file names a report and its items (paragraph, kind, quote; offsets where the reviewer
recorded them). A predicted item matches a gold item of the same paragraph when their spans
overlap by at least half of the shorter one; matching is one-to-one, largest overlaps first,
so one long prediction never counts for two gold items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import IngestError
from .extract import Aliases, extract
from .model import ExtractedItem, ParsedDocument
from .parser import parse


class GoldError(ValueError):
    """A gold file that cannot be scored; the message names the file and the place."""


@dataclass(frozen=True)
class GoldItem:
    paragraph: int
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Gold:
    path: Path
    document: str
    language: str
    source: Path
    held_out: bool
    entries: tuple[dict, ...]

    @classmethod
    def read(cls, path: Path, *, sources: Path | None = None) -> Gold:
        """The gold file at ``path``; its report is ``source:`` in ``sources`` (default: beside it)."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            return cls(
                path=path,
                document=data["document"],
                language=data["language"],
                source=(sources or path.parent) / data["source"],
                held_out=bool(data.get("held_out", False)),
                entries=tuple(data["items"]),
            )
        except OSError as exc:
            raise GoldError(f"{path}: {exc.strerror}") from None
        except (yaml.YAMLError, TypeError, KeyError) as exc:
            raise GoldError(f"{path}: not a gold file ({exc!r})") from None

    def items(self, document: ParsedDocument) -> list[GoldItem]:
        """The gold items anchored in ``document``'s paragraphs; a quote not found there is an error."""
        items = []
        for entry in self.entries:
            number, quote = entry.get("paragraph"), entry.get("quote") or ""
            where = f"{self.path}: paragraph {number}"
            if not isinstance(number, int) or not 1 <= number <= len(document.paragraphs):
                raise GoldError(f"{where}: {self.document} has no such paragraph")
            text = document.paragraph(number).text
            start = entry["start"] if "start" in entry else text.find(quote)
            if not quote or start < 0 or text[start : start + len(quote)] != quote:
                raise GoldError(f"{where}: quote not found in the paragraph's text: {quote[:60]!r}")
            items.append(GoldItem(number, entry["kind"], start, start + len(quote)))
        return items


@dataclass(frozen=True)
class Score:
    document: str
    held_out: bool
    gold: int
    predicted: int
    matched: int
    same_kind: int

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def kind_agreement(self) -> float:
        return self.same_kind / self.matched if self.matched else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            document=self.document,
            held_out=self.held_out,
            gold=self.gold + other.gold,
            predicted=self.predicted + other.predicted,
            matched=self.matched + other.matched,
            same_kind=self.same_kind + other.same_kind,
        )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two spans share at least half of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared > 0 and 2 * shared >= shorter


def match(gold: list[GoldItem], predicted: list[ExtractedItem]) -> list[tuple[GoldItem, ExtractedItem]]:
    """One-to-one pairs of overlapping items of the same paragraph, largest overlap first."""
    candidates = []
    for g_at, g in enumerate(gold):
        for p_at, p in enumerate(predicted):
            if p.paragraph == g.paragraph and overlaps((g.start, g.end), (p.start, p.end)):
                shared = min(g.end, p.end) - max(g.start, p.start)
                candidates.append((-shared, g_at, p_at))
    pairs, gold_used, predicted_used = [], set(), set()
    for _, g_at, p_at in sorted(candidates):
        if g_at not in gold_used and p_at not in predicted_used:
            gold_used.add(g_at)
            predicted_used.add(p_at)
            pairs.append((gold[g_at], predicted[p_at]))
    return pairs


def score(gold: list[GoldItem], predicted: list[ExtractedItem], *, document: str, held_out: bool) -> Score:
    pairs = match(gold, predicted)
    return Score(
        document=document,
        held_out=held_out,
        gold=len(gold),
        predicted=len(predicted),
        matched=len(pairs),
        same_kind=sum(g.kind == p.kind for g, p in pairs),
    )


def aliases_from(path: Path) -> dict[str, Aliases]:
    """Body aliases per language from a bodies file (fixtures/bodies.yaml's shape)."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {lang: {b["code"]: b.get(f"aliases_{lang}", []) for b in entries} for lang in ("en", "zh")}
    except (OSError, yaml.YAMLError, TypeError, KeyError) as exc:
        raise GoldError(f"{path}: not a list of bodies ({exc})") from None


def evaluate(gold: Gold, aliases_by_language: dict[str, Aliases]) -> Score:
    """Parse the gold's report, extract its items and score them against the gold."""
    try:
        data = gold.source.read_bytes()
    except OSError as exc:
        raise GoldError(f"{gold.path}: source {gold.source}: {exc.strerror}") from None
    try:
        document = parse(data, language=gold.language, symbol=gold.document)
    except IngestError as exc:
        raise GoldError(f"{gold.path}: source {gold.source.name}: {exc}") from None
    predicted = extract(document, aliases_by_language.get(gold.language, {}))
    return score(gold.items(document), predicted, document=gold.document, held_out=gold.held_out)


def table(scores: list[Score]) -> str:
    """Per report and per set (held-out, development): counts, recall, precision, kind agreement."""
    header = f"{'report':<24} {'gold':>5} {'pred':>5} {'match':>5} {'recall':>7} {'prec':>6} {'kind':>6}"
    lines = [header, "-" * len(header)]
    for s in scores:
        lines.append(_row(s.document + (" (held out)" if s.held_out else ""), s))
    lines.append("-" * len(header))
    for held_out, label in ((False, "development total"), (True, "held-out total")):
        chosen = [s for s in scores if s.held_out == held_out]
        if chosen:
            total = sum(chosen[1:], chosen[0])
            lines.append(_row(f"{label} ({len(chosen)})", total))
        else:
            lines.append(f"{label}: no reports")
    return "\n".join(lines)


def _row(label: str, s: Score) -> str:
    return (
        f"{label:<24} {s.gold:>5} {s.predicted:>5} {s.matched:>5} "
        f"{s.recall:>7.3f} {s.precision:>6.3f} {s.kind_agreement:>6.3f}"
    )
