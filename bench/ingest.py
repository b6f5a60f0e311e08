"""Importing a report with ours against a naive import that saves each row with ``save()``.

    python bench/ingest.py [--rounds 20] [--large-rounds 3] [--megabytes 5]

On PostgreSQL (BENCH_DATABASE_URL, default ``…/tracker_bench_ingest``, a database this script may
empty and fill). Both contenders read, parse and extract the same bytes with the same functions, as
``manage.py import_document`` runs them; they differ in how they store the rows:
- ours: ``services.import_document`` (the document, its text, sections, paragraphs, citations and
  proposed items with their owners, addressees and first events, in bulk, in one transaction);
- saveloop: the same rows, each ``Model(...).save()`` on its own, references by ``get_or_create``,
  in one transaction too (all or nothing, as ours), without simple_history's rows (ours writes none).
Each import is of a fresh document: the report under a symbol of its own (``S/2017/130`` replaced
in its masthead and running headers). The first import of each is checked: the same rows, table by
table, and the same items, owners and addressees. Timed side by side (``timing.race``) on the seed
(fixtures/S-2017-130.zh.txt) and on a report of ``--megabytes`` made from it (``ingest_report``);
ours on the large one also once alone, for its time and its peak memory (tracemalloc, and the growth
of the resident set's high-water mark). Budget (issue 13): saveloop ÷ ours ≥ 30 on the seed, printed
as a ``RATIO`` line (bench/ratios.py).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
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


def saveloop_import(data: bytes, *, atomic: bool = False) -> object:
    """The naive import: ours' reading, parsing and extraction, then one ``save()`` per row.

    As Django runs it unless told otherwise, each ``save()`` its own transaction; or, ``atomic``, all in one.
    """
    from django.db import transaction

    from recommendations.ingest import extract, parse, read_report, text_language
    from recommendations.models import (
        Addressee,
        Body,
        Citation,
        Document,
        DocumentText,
        Event,
        Item,
        ItemOwner,
        Paragraph,
        Reference,
        Section,
        text_hash,
    )

    text = read_report(data)
    parsed = parse(text, language=text_language(text))
    bodies = {body.code: body for body in Body.objects.all()}
    extracted = extract(parsed, {code: body.aliases(parsed.language) for code, body in bodies.items()})
    with transaction.atomic() if atomic else contextlib.nullcontext():
        if Document.objects.filter(symbol=parsed.symbol, language=parsed.language).exists():
            raise SystemExit(f"{parsed.symbol} is already imported: every import here is of a fresh symbol")
        document = Document(
            symbol=parsed.symbol, language=parsed.language, original_language=parsed.original_language,
            title=parsed.title, date=parsed.date, issuing_body=parsed.issuing_body,
            checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )  # fmt: skip
        document.save()
        DocumentText(document=document, text=text).save()
        sections = {}
        for s in parsed.sections:
            section = Section(document=document, parent=sections.get(s.parent_order), kind=s.kind, number=s.number,
                              heading=s.heading, meeting_date=s.meeting_date, order=s.order, columns=s.columns,
                              rows=s.rows)  # fmt: skip
            section.save()
            sections[s.order] = section
        paragraphs = {}
        for p in parsed.paragraphs:
            paragraph = Paragraph(
                document=document, section=sections[p.section_order], number=p.number, text=p.text,
                text_hash=text_hash(p.text), source_start=p.source_start, source_end=p.source_end,
                sub_items=[{"label": s.label, "start": s.start, "end": s.end} for s in p.sub_items],
            )  # fmt: skip
            paragraph.save()
            paragraphs[p.number] = paragraph
            for c in p.citations:
                reference, _ = Reference.objects.get_or_create(symbol=c.symbol)
                Citation(paragraph=paragraph, reference=reference, start=c.start, end=c.end).save()
        code_of = {alias: code for code, body in bodies.items() for alias in body.aliases(parsed.language)}
        for e in extracted:
            item = Item(document=document, paragraph=paragraphs[e.paragraph], sub_item=e.sub_item, seq=e.seq,
                        kind=e.kind, quote=e.quote, quote_start=e.start, quote_end=e.end,
                        quote_hash=text_hash(e.quote), speaker=e.speaker)  # fmt: skip
            item.skip_history_when_saving = True
            item.save()
            roles = {code: role for code, role in e.owners if code in bodies}
            spans = {}
            for words, start, end in e.addressees:
                if words in code_of:
                    roles[code_of[words]] = ItemOwner.Role.LEAD
                else:
                    spans[start] = (words, end)
            for code, role in roles.items():
                owner = ItemOwner(item=item, body=bodies[code], role=role)
                owner.skip_history_when_saving = True
                owner.save()
            for start, (words, end) in spans.items():
                Addressee(item=item, words=words[:200], start=start, end=end).save()
            Event(item=item, kind=Event.Kind.STATUS, action="import", to_value=Item.Status.PROPOSED, version=1).save()
    return document


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
        medians = race(
            {name: runner(importer, data, next(sides), rounds) for name, importer in importers.items()},
            rounds=rounds,
        )
        results[label] = medians
        print()
        print(f"{label}: {len(data):,} bytes; " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        for name, median in medians.items():
            ratio = "" if name == "ours" else f"  ÷ ours {median / medians['ours']:.1f}"
            print(f"  {name:<13} {median:10.1f} ms  {queries[name]:6} queries{ratio}")
        print(f"  (medians of {rounds} rounds)")
    seconds, traced, rss = _peak(large)
    print()
    print(f"ours alone on the large report ({len(large) / 1e6:.1f} MB): {seconds:.2f} s, "
          f"peak traced memory {traced:.0f} MB, resident high-water mark +{rss:.0f} MB")  # fmt: skip
    emit("ingest.saveloop_over_ours", results["seed"]["saveloop"] / results["seed"]["ours"], ">=", BUDGET)


if __name__ == "__main__":
    main()
