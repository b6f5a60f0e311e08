"""How well lineage is proposed: the links a gold file lists against those the matcher proposes.

A lineage gold file is an extraction gold file (``evaluation.Gold``) whose items also say how they
relate to the items of the earlier report (``relation``, ``predecessor.ref``), and which names that
report's items file (``predecessors.items``, refs like ``23-1``). The report is parsed and
extracted as an import would, each extracted item is matched to its gold item, and the matcher
compares the extracted items with the earlier report's. An earlier report in another language is
compared through its version in this one (``predecessors.versions``), each earlier quote carried
into it as an import carries them.

A proposal is right when it names the gold predecessor; recall is over the gold links, precision
over the proposals; the relation is scored on the right ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import lineage
from .alignment import Unit, carry
from .errors import IngestError
from .evaluation import Gold, GoldError, match
from .extract import Aliases, extract
from .model import ParsedDocument
from .parser import parse


@dataclass(frozen=True)
class LinkScore:
    document: str
    held_out: bool
    gold: int
    proposed: int
    right: int
    same_relation: int

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def relation_agreement(self) -> float:
        return self.same_relation / self.right if self.right else 1.0

    def __add__(self, other: LinkScore) -> LinkScore:
        return LinkScore(
            self.document,
            self.held_out,
            self.gold + other.gold,
            self.proposed + other.proposed,
            self.right + other.right,
            self.same_relation + other.same_relation,
        )


@dataclass(frozen=True)
class _Earlier:
    ref: str
    quote: str


def evaluate_lineage(path: Path, aliases_by_language: dict[str, Aliases]) -> LinkScore:
    """Extract the gold's report, propose its items' predecessors and score them against the gold's."""
    gold = Gold.read(path)
    document = _parse(gold.source, gold.language, gold.document, path)
    predicted = extract(document, aliases_by_language.get(gold.language, {}))
    # Each extracted item stands for the gold item it overlaps: its relation and predecessor.
    entries = dict(zip(gold.items(document), gold.entries, strict=True))
    wanted = {id(item): entries[g] for g, item in match(list(entries), predicted)}
    earlier = _earlier_items(path, gold.language)
    proposals = lineage.propose(
        [lineage.Candidate(at, item.quote) for at, item in enumerate(predicted)],
        [lineage.Candidate(e.ref, e.quote) for e in earlier],
        language=gold.language,
    )
    right = same_relation = 0
    for proposal in proposals:
        entry = wanted.get(id(predicted[proposal.later]), {})
        if (entry.get("predecessor") or {}).get("ref") == proposal.earlier:
            right += 1
            same_relation += entry.get("relation") == proposal.relation
    return LinkScore(
        document=gold.document,
        held_out=gold.held_out,
        gold=sum(1 for entry in gold.entries if entry.get("predecessor")),
        proposed=len(proposals),
        right=right,
        same_relation=same_relation,
    )


def table(scores: list[LinkScore]) -> str:
    """Per report and per set (development, held-out): links, recall, precision, relation agreement."""
    header = f"{'report':<26} {'gold':>5} {'prop':>5} {'right':>5} {'recall':>7} {'prec':>6} {'relation':>8}"
    lines = [header, "-" * len(header)]
    lines += [_row(s.document + (" (held out)" if s.held_out else ""), s) for s in scores]
    lines.append("-" * len(header))
    for held_out, label in ((False, "development total"), (True, "held-out total")):
        chosen = [s for s in scores if s.held_out == held_out]
        if chosen:
            lines.append(_row(f"{label} ({len(chosen)})", sum(chosen[1:], chosen[0])))
        else:
            lines.append(f"{label}: no reports")
    return "\n".join(lines)


def _row(label: str, s: LinkScore) -> str:
    return (
        f"{label:<26} {s.gold:>5} {s.proposed:>5} {s.right:>5} "
        f"{s.recall:>7.3f} {s.precision:>6.3f} {s.relation_agreement:>8.3f}"
    )


def _earlier_items(path: Path, language: str) -> list[_Earlier]:
    """The earlier report's items, in ``language``: as listed, or carried into its version in it."""
    try:
        predecessors = yaml.safe_load(path.read_text(encoding="utf-8"))["predecessors"]
        items_path = path.parent / predecessors["items"]
        listed = yaml.safe_load(items_path.read_text(encoding="utf-8"))
        entries = [(str(e["ref"]), e["paragraph"], e["quote"]) for e in listed["items"]]
    except OSError as exc:
        raise GoldError(f"{path}: predecessors: {exc.strerror}") from None
    except (yaml.YAMLError, TypeError, KeyError) as exc:
        raise GoldError(f"{path}: predecessors: not an items file ({exc!r})") from None
    if listed["language"] == language:
        return [_Earlier(ref, quote) for ref, _, quote in entries]
    if language not in (predecessors.get("versions") or {}):
        raise GoldError(f"{path}: predecessors: no version in {language} to compare {listed['document']} through")
    # The items file's source sits with the other reports, one folder up (as the seed's does).
    own = _parse(items_path.parent.parent / listed["source"], listed["language"], listed["document"], path)
    version = _parse(path.parent / predecessors["versions"][language], language, listed["document"], path)
    carried = []
    for ref, number, quote in entries:
        source, target = own.paragraph(number), version.paragraph(number)
        start = source.text.find(quote)
        if start < 0:
            raise GoldError(f"{path}: predecessors: {ref}'s quote is not in paragraph {number}")
        span = carry(
            start,
            start + len(quote),
            Unit(source.text, listed["language"], tuple(source.stored_sub_items())),
            Unit(target.text, language, tuple(target.stored_sub_items())),
        )
        carried.append(_Earlier(ref, target.text[span.start : span.end]))
    return carried


def _parse(source: Path, language: str, symbol: str, gold_path: Path) -> ParsedDocument:
    try:
        return parse(source.read_bytes(), language=language, symbol=symbol)
    except OSError as exc:
        raise GoldError(f"{gold_path}: {source}: {exc.strerror}") from None
    except IngestError as exc:
        raise GoldError(f"{gold_path}: {source.name}: {exc}") from None
