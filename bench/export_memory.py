"""Peak memory of exporting 100,000 items as CSV, XLSX and JSON: streamed, against building the file whole.

    python bench/export_memory.py [--items 100000] [--text-mb 5] [--rounds 1]

Uses api_list.py's data on PostgreSQL (BENCH_DATABASE_URL), with a report text of
``--text-mb`` megabytes, so that an export that joined the document's text would show it.
Each export runs in a fresh process, which reports how far its resident memory rose above
what it held before the export started: the kernel's high-water mark (VmHWM), reset just
before the export, less the resident size then. (getrusage's peak will not do: Linux carries
it across exec from the parent, so every child would start at this script's own size.)
The streamed exports are what the API and the admin serve; "whole" builds the same file in
memory from model instances, as the export did before it streamed.
Budget (DESIGN.md): a streamed export of 100k rows grows by at most 100 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench")

BUDGET_MB = 100
FORMATS = ["csv", "xlsx", "json"]


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024  # kB


def _reset_peak() -> float:
    """Reset the high-water mark to the resident size now (proc(5), clear_refs), and return that size."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return _status_mb("VmRSS")


def child(way: str, fmt: str) -> None:
    """One export to /dev/null; prints {"growth_mb", "seconds", "bytes"} as JSON."""
    import django

    django.setup()
    import tablib

    from recommendations.models import Item
    from recommendations.services import exchange, export

    items = Item.objects.order_by("document", "paragraph__number", "seq")
    list(Item.objects.values_list("id")[:1])  # connect before measuring
    before, started, written = _reset_peak(), time.perf_counter(), 0
    with open(os.devnull, "wb") as sink:
        if way == "streamed":
            for chunk in export.export_stream(items, fmt, reader=None):
                written += sink.write(chunk)
        else:
            rows = [_whole_row(item) for item in items.for_list()]
            if fmt == "json":
                data = json.dumps(rows, ensure_ascii=False, indent=1).encode()
            else:
                dataset = tablib.Dataset(*[[r[c] for c in exchange.COLUMNS] for r in rows], headers=exchange.COLUMNS)
                data = dataset.export(fmt)
                data = data.encode("utf-8-sig") if isinstance(data, str) else data
            written = sink.write(data)
    seconds = time.perf_counter() - started
    print(json.dumps({"growth_mb": _status_mb("VmHWM") - before, "seconds": seconds, "bytes": written}))


def _whole_row(item) -> dict:
    owners = list(item.ownerships.all())
    return {
        "document": item.document.symbol, "language": item.document.language, "key": item.key,
        "reference": item.reference, "kind": item.kind, "status": item.status, "response": item.response,
        "summary": item.summary, "summary_zh": item.summary_zh,
        "due_date": item.due_date.isoformat() if item.due_date else "", "priority": str(item.priority),
        "progress": "" if item.progress is None else str(item.progress),
        "lead": " ".join(o.body.code for o in owners if o.role == "lead"),
        "supporting": " ".join(o.body.code for o in owners if o.role == "supporting"), "quote": item.quote,
        "lineage": "",  # listing.build's items have no links to other reports
    }  # fmt: skip


def _run(way: str, fmt: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", way, fmt], check=True, capture_output=True, text=True, env=os.environ
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--text-mb", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=1, help="runs of each export (memory hardly varies)")
    parser.add_argument("--child", nargs=2, metavar=("WAY", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    import django

    django.setup()
    from bench import listing
    from bench.api_list import _ensure_database
    from bench.ratios import emit, size_label

    _ensure_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    listing.build(args.items)
    _large_text(args.text_mb)
    print(listing.machine())
    print(f"{args.items} items, a report text of {args.text_mb:g} MB; PostgreSQL {listing.pg_version()}")
    print()
    # Each (way, format) in its own process, in an order shuffled each round: a noisy machine
    # slows them alike. Memory does not depend on the order; time is printed to read, not judged.
    runs = [(way, fmt) for way in ("streamed", "whole") for fmt in FORMATS]
    results: dict[tuple[str, str], list[dict]] = {run: [] for run in runs}
    for _ in range(args.rounds):
        random.shuffle(runs)
        for run in runs:
            results[run].append(_run(*run))
    print(f"{'format':>6} {'streamed MB':>12} {'whole MB':>9} {'whole÷streamed':>15} {'streamed s':>11} {'MB out':>7}")
    worst = 0.0
    for fmt in FORMATS:
        streamed = max(r["growth_mb"] for r in results[("streamed", fmt)])
        whole = max(r["growth_mb"] for r in results[("whole", fmt)])
        seconds = min(r["seconds"] for r in results[("streamed", fmt)])
        size = results[("streamed", fmt)][0]["bytes"] / 2**20
        worst = max(worst, streamed)
        ratio = whole / max(streamed, 1)
        print(f"{fmt:>6} {streamed:>12.1f} {whole:>9.1f} {ratio:>15.1f} {seconds:>11.1f} {size:>7.1f}")
    print()
    print(f"peak growth: the highest of {args.rounds} run(s) each; budget: streamed ≤ {BUDGET_MB} MB")
    emit(f"export.peak_mb@{size_label(args.items)}", worst, "<=", BUDGET_MB)


def _large_text(megabytes: float) -> None:
    """Make the benchmark document's text as large as a long report's, once."""
    from recommendations.models import DocumentText

    source = DocumentText.objects.get(document__symbol="S/2017/130", document__language="zh")
    wanted = int(megabytes * 2**20)
    if len(source.text.encode()) < wanted:
        line = "工作组成员表示关切。" * 10 + "\n"
        source.text += line * (wanted // len(line.encode()) + 1)
        source.save(update_fields=["text"])


if __name__ == "__main__":
    main()
