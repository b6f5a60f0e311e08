"""``RATIO`` lines: one figure of a benchmark against its budget, in a form a script can compare between runs.

    RATIO <name> <value> <op> <budget>       e.g.  RATIO api_list.naive_over_ours@100k 35.4 >= 25

Each benchmark calls ``emit`` for its figures: it prints the line and, when ``BENCH_RATIOS`` names a
file, appends it there. ``make bench`` empties that file first and, once every script has run,
``python bench/ratios.py FILE`` prints all the lines together at the end and exits 1 if any figure
is outside its budget (the lines are printed all the same, and the ones outside are named on stderr).
"""

from __future__ import annotations

import operator
import os
import sys
from pathlib import Path

OPS = {">=": operator.ge, "<=": operator.le}


def size_label(count: int) -> str:
    """How a figure's name says the data's size: 100000 is ``100k``, 1000000 is ``1M``."""
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000}M"
    if count >= 1000 and count % 1000 == 0:
        return f"{count // 1000}k"
    return str(count)


def shown(value: float) -> str:
    """The value as the line prints it: two decimals below 10 (a budget of 1.2 needs them), else one."""
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def line(name: str, value: float, op: str, budget: float) -> str:
    if op not in OPS:
        raise ValueError(f"unknown comparison {op!r}: one of {', '.join(OPS)}")
    if not name or any(c.isspace() for c in name):
        raise ValueError(f"a figure's name is one word: {name!r}")
    return f"RATIO {name} {shown(value)} {op} {budget}"


def parse(text: str) -> tuple[str, float, str, float]:
    """(name, value, op, budget) of a ``RATIO`` line; ValueError when it is not one."""
    parts = text.split()
    if len(parts) != 5 or parts[0] != "RATIO" or parts[3] not in OPS:
        raise ValueError(f"not a RATIO line: {text!r}")
    return parts[1], float(parts[2]), parts[3], float(parts[4])


def within(text: str) -> bool:
    """Whether the line's value keeps its budget, as printed (the line and the verdict cannot disagree)."""
    _, value, op, budget = parse(text)
    return OPS[op](value, budget)


def emit(name: str, value: float, op: str, budget: float) -> str:
    """Print the figure's line, and append it to ``BENCH_RATIOS`` when set."""
    text = line(name, value, op, budget)
    print(text, flush=True)
    if target := os.environ.get("BENCH_RATIOS"):
        with open(target, "a") as out:
            out.write(text + "\n")
    return text


def report(path: Path) -> int:
    """Print the collected lines (the end of ``make bench``); 1 if any is outside its budget or none was collected."""
    lines = [text for text in path.read_text().splitlines() if text.strip()] if path.exists() else []
    outside = [parse(text)[0] for text in lines if not within(text)]
    if not lines:
        print(f"bench: no RATIO lines in {path}", file=sys.stderr)
    if outside:
        print(f"bench: {len(outside)} figure(s) outside budget: {', '.join(outside)}", file=sys.stderr, flush=True)
    for text in lines:
        print(text)
    return 1 if outside or not lines else 0


if __name__ == "__main__":
    sys.exit(report(Path(sys.argv[1])))
