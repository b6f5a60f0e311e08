"""Importing a report with ours against a naive import that saves each row with ``save()``.

    python bench/ingest.py [--rounds 20] [--large-rounds 3] [--megabytes 5]

On PostgreSQL (BENCH_DATABASE_URL, default ``…/tracker_bench_ingest``, a database this script may
empty and fill). Every contender reads, parses and extracts the same bytes with the same functions,
as ``manage.py import_document`` runs them; they differ in how they store the rows:
- ours: ``services.import_document`` (the document, its text, sections, paragraphs, citations and
  proposed items with their owners, addressees and first events, in bulk, in one transaction);
- saveloop: the same rows, each ``Model(...).save()`` on its own transaction (Django's default),
  references by ``get_or_create``, without simple_history's rows (ours writes none);
- saveloop_1tx: the same loop in one transaction (all or nothing, as ours);
- reading: what all of them do before writing (``ingest_naive.reading``), the seed only.
Each import is of a fresh document: the report under a symbol of its own (``S/2017/130`` replaced
in its masthead and running headers). The first import of each is checked: the same rows, table by
table, and the same items, owners and addressees. Timed side by side (``timing.race``) on the seed
(fixtures/S-2017-130.zh.txt) and on a report of ``--megabytes`` made from it (``ingest_report``;
there without the row-per-commit loop, minutes a round); ours on the large one also alone, for its
time and its peak memory (tracemalloc, and the growth of the resident set's high-water mark).
Budget (issue 13): saveloop ÷ ours ≥ 30 on the seed, printed as a ``RATIO`` line (bench/ratios.py).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench_ingest"
)

BUDGET = 30


def ours_import(data: bytes) -> object:
    from recommendations.services import import_document

    return import_document(data=data).document


def rows(document) -> dict[str, object]:
    """What an import stored for ``document``: rows per table, and the items with their owners and addressees."""
    from recommendations.models import Addressee, Citation, DocumentText, Event, Item, ItemOwner, Paragraph, Section

    item_key = ("paragraph__number", "seq", "sub_item", "kind", "quote_start", "quote_end", "quote_hash", "speaker")
    return {
        "document texts": DocumentText.objects.filter(document=document).count(),
        "sections": Section.objects.filter(document=document).count(),
        "paragraphs": Paragraph.objects.filter(document=document).count(),
        "citations": Citation.objects.filter(paragraph__document=document).count(),
        "items": Item.objects.filter(document=document).count(),
        "owners": ItemOwner.objects.filter(item__document=document).count(),
        "addressees": Addressee.objects.filter(item__document=document).count(),
        "events": Event.objects.filter(item__document=document).count(),
        "item values": sorted(Item.objects.filter(document=document).values_list(*item_key)),
        "owner values": sorted(
            ItemOwner.objects.filter(item__document=document).values_list(
                "item__paragraph__number", "item__seq", "body__code", "role"
            )
        ),
        "addressee values": sorted(
            Addressee.objects.filter(item__document=document).values_list(
                "item__paragraph__number", "item__seq", "words", "start", "end"
            )
        ),
        "paragraph values": sorted(
            Paragraph.objects.filter(document=document).values_list("number", "text_hash", "section__order")
        ),
    }


def global_rows() -> dict[str, int]:
    """Rows no document owns: the references (shared by reports) and the items' history (neither writes any)."""
    from recommendations.models import Item, ItemOwner, Reference

    return {
        "references": Reference.objects.count(),
        "item history": Item.history.count(),
        "owner history": ItemOwner.history.count(),
    }


def _check(label: str, ours_doc, saveloop_doc) -> dict[str, object]:
    ours, naive = rows(ours_doc), rows(saveloop_doc)
    for key in ours:
        assert ours[key] == naive[key], f"{label}: ours and the save() loop stored different {key}"
    return {key: value for key, value in ours.items() if isinstance(value, int)}


class _Counter:
    """Counts the statements sent (a query log keeps only the last 9,000)."""

    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _peak(large: bytes) -> tuple[float, float, float]:
    """Ours on ``data`` alone: seconds, tracemalloc's peak (MB), and the rise of the resident high-water mark (MB)."""
    from bench.export_memory import _reset_peak, _status_mb
    from bench.ingest_report import with_symbol

    before = _reset_peak()
    start = time.perf_counter()
    ours_import(with_symbol(large, "S/2017/90000"))
    seconds = time.perf_counter() - start
    rss = _status_mb("VmHWM") - before
    tracemalloc.start()
    ours_import(with_symbol(large, "S/2017/90001"))
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, traced, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="rounds on the seed")
    parser.add_argument("--large-rounds", type=int, default=3, help="rounds on the large report")
    parser.add_argument("--megabytes", type=float, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from bench.api_list import _ensure_database

    _ensure_database()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench.ingest_naive import reading, saveloop_import
    from bench.ingest_report import SEED, large_report, with_symbol
    from bench.listing import machine, pg_version
    from bench.ratios import emit
    from bench.timing import race

    call_command("migrate", verbosity=0)
    # Production runs without DEBUG: no query log growing with every statement (and holding the bulk
    # INSERTs' text) on either side.
    settings.DEBUG = False
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE recommendations_document, recommendations_reference CASCADE")
    call_command("load_bodies", verbosity=0, stdout=io.StringIO())
    seed = SEED.read_bytes()
    large = large_report(int(args.megabytes * 1_000_000))

    def runner(importer, data: bytes, side: str, rounds: int):
        # A fresh symbol per import, of one length on every side (a longer one is a longer text).
        texts = iter([with_symbol(data, f"S/2017/{side}{n:03d}") for n in range(rounds)])
        return lambda: importer(next(texts))

    def one_transaction(data: bytes):
        return saveloop_import(data, atomic=True)

    print(machine())
    print(f"PostgreSQL {pg_version()}")
    results = {}
    # The row-per-commit loop on the large report would take minutes a round: there, the loop in one transaction.
    plans = (
        (
            "seed",
            seed,
            args.rounds,
            {"ours": ours_import, "saveloop": saveloop_import, "saveloop_1tx": one_transaction},
        ),
        ("large", large, args.large_rounds, {"ours": ours_import, "saveloop_1tx": one_transaction}),
    )
    sides = iter(range(10, 90))  # S/2017/<side><nnn>: a side's symbols, one length for all
    for label, data, rounds, importers in plans:
        before = global_rows()
        queries, documents = {}, {}
        for name, importer in importers.items():
            with connection.execute_wrapper(counter := _Counter()):
                documents[name] = importer(with_symbol(data, f"S/2017/{next(sides)}999"))
            queries[name] = counter.count
        counts = {}
        for name in importers:
            counts = _check(f"{label} ({name})", documents["ours"], documents[name])
        after = global_rows()
        assert after["item history"] == before["item history"] and after["owner history"] == before["owner history"]
        contenders = {name: runner(importer, data, next(sides), rounds) for name, importer in importers.items()}
        if label == "seed":
            contenders["reading"] = runner(reading, data, next(sides), rounds)
        medians = race(contenders, rounds=rounds)
        results[label] = medians
        print()
        print(f"{label}: {len(data):,} bytes; " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        for name, median in medians.items():
            ratio = "" if name == "ours" else f"  ÷ ours {median / medians['ours']:.2f}"
            print(f"  {name:<13} {median:10.1f} ms  {queries.get(name, ''):>6} queries{ratio}")
        if "reading" in medians:
            ceiling = medians["saveloop"] / medians["reading"]
            print(f"  reading: what both do before writing; saveloop ÷ reading {ceiling:.1f}, the most ours could show")
        print(f"  (medians of {rounds} rounds)")
    seconds, traced, rss = _peak(large)
    print()
    print(f"ours alone on the large report ({len(large) / 1e6:.1f} MB): {seconds:.2f} s, "
          f"peak traced memory {traced:.0f} MB, resident high-water mark +{rss:.0f} MB")  # fmt: skip
    emit("ingest.saveloop_over_ours", results["seed"]["saveloop"] / results["seed"]["ours"], ">=", BUDGET)


if __name__ == "__main__":
    main()
