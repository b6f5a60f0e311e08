"""A large report made from the seed (S/2017/130, Chinese) for the ingest benchmark: same language, same shape.

Plain Python, no Django: the seed's masthead, chapter 一 and the opening of chapter 二 as they are;
then chapter 二's five topics (A–E) over and over, each time with its heading and paragraphs built
from its own paragraphs' lines in their order (wraps, page furniture and undocs.org lines included),
cycled until a paragraph reaches its share of the size; then chapter 三 and the annex. Every
paragraph is renumbered in sequence. The parser reads paragraph numbers of up to three digits (a
line beginning with a year is text), so a report of megabytes has long paragraphs, not thousands
of them: ``paragraphs`` bounds their count.
"""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "S-2017-130.zh.txt"
SYMBOL = "S/2017/130"
_PARAGRAPH = re.compile(r"^(\s*)(\d{1,3})(\.\s+\S)")
_TOPIC = re.compile(r"^\s*[A-E]\.\s+\S")
_CONCLUSIONS = re.compile(r"^\s*三\.\s")


def with_symbol(data: bytes, symbol: str) -> bytes:
    """The report under another symbol (its masthead and every running header): a fresh document per import."""
    return data.replace(SYMBOL.encode(), symbol.encode())


def large_report(size: int = 5_000_000, *, paragraphs: int = 900, seed: Path = SEED) -> bytes:
    """About ``size`` bytes of UTF-8 text in at most ``paragraphs`` numbered paragraphs, numbered 1, 2, 3…"""
    lines = seed.read_text(encoding="utf-8").split("\n")
    first_topic = next(i for i, line in enumerate(lines) if _TOPIC.match(line))
    conclusions = next(i for i, line in enumerate(lines) if _CONCLUSIONS.match(line))
    head, tail = lines[:first_topic], lines[conclusions:]
    topics = _topics(lines[first_topic:conclusions])
    fixed = _count(head) + _count(tail)
    # Topic paragraphs fill what the head and tail leave, 10 to each topic's turn.
    slots = paragraphs - fixed
    share = max(1, (size - len("\n".join(head + tail).encode())) // max(1, slots))
    out = list(head)
    written = sum(len(line.encode()) + 1 for line in out)
    budget = size - sum(len(line.encode()) + 1 for line in tail)
    number = _count(head)
    while written < budget and number < paragraphs - _count(tail):
        for heading, sources in topics:
            out.append(heading)
            cursor = 0
            for _ in range(min(10, paragraphs - _count(tail) - number)):
                number += 1
                taken = 0
                first = True
                while taken < share:
                    source = sources[cursor % len(sources)]
                    cursor += 1
                    # The first source paragraph keeps its number (renumbered); the next ones lose it,
                    # so that their lines continue this paragraph.
                    lead = _PARAGRAPH.sub(rf"\g<1>{number}\g<3>" if first else r"\g<1>\g<3>", source[0], count=1)
                    if not first:
                        lead = lead.lstrip().removeprefix(".").lstrip()
                    block = [lead, *source[1:]]
                    out.extend(block)
                    taken += sum(len(line.encode()) + 1 for line in block)
                    first = False
                written += taken
            if written >= budget:
                break
    for line in tail:
        if m := _PARAGRAPH.match(line):
            number += 1
            line = f"{m[1]}{number}{line[m.end(2) :]}"
        out.append(line)
    return "\n".join(out).encode("utf-8")


def _topics(lines: list[str]) -> list[tuple[str, list[list[str]]]]:
    """Each topic's heading and its paragraphs, each paragraph as its lines."""
    topics: list[tuple[str, list[list[str]]]] = []
    for line in lines:
        if _TOPIC.match(line):
            topics.append((line, []))
        elif _PARAGRAPH.match(line):
            topics[-1][1].append([line])
        elif topics and topics[-1][1]:
            topics[-1][1][-1].append(line)
    return topics


def _count(lines: list[str]) -> int:
    return sum(1 for line in lines if _PARAGRAPH.match(line))
