"""The item list endpoint against a naive ModelViewSet and against the raw-SQL floor.

    python bench/api_list.py [--items 10000 100000] [--rounds 30] [--page-size 50] [--generated]

Builds the items on PostgreSQL (BENCH_DATABASE_URL, a database this script may empty and
fill), then times three ways of answering "the first page of items, with their owners and links"
in turns, and a page deep in the list against the first, and prints the ratios of the
medians. Up to 100k items, on one report's paragraphs (``listing.build``); above 100k, or with
``--generated``, on bench/scale_data.py's documents, owners and people (1,000 documents, 20,000
people), kept between runs. Budgets (issue 13): naive ÷ ours ≥ 25, ours ÷ floor ≤ 2.0,
deep ÷ first ≤ 1.2, printed as ``RATIO`` lines (bench/ratios.py) for each size from 100k.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench")


def _ensure_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname="postgres",
        autocommit=True,
    )  # fmt: skip
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--generated", action="store_true", help="bench/scale_data.py's data at every size")
    args = parser.parse_args()

    import django

    django.setup()
    _ensure_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench import listing, scale_data
    from bench.ratios import emit, size_label

    print(listing.machine())
    print(f"page size {args.page_size}, {args.rounds} rounds each, medians; PostgreSQL {listing.pg_version()}")
    print()
    header = f"{'items':>8} {'ours ms':>8} {'naive ms':>9} {'floor ms':>9} {'naive÷ours':>11} {'ours÷floor':>11} " \
             f"{'deep÷first':>11} {'focal ms':>9} {'queries (ours/naive/floor)':>27}"  # fmt: skip
    print(header)
    figures = []
    for count in args.items:
        if args.generated or count > 100_000:
            built = scale_data.build(scale_data.Scale(documents=1000, items=count, people=20_000))
            if built["rebuilt"]:
                print(f"(bench/scale_data.py built {count} items in {built['seconds']:.0f} s)")
            data = {**listing.tokens(), "count": count}
        else:
            data = listing.build(count)
        result = listing.measure(data, rounds=args.rounds, page_size=args.page_size)
        print(
            f"{count:>8} {result['ours']:>8.2f} {result['naive']:>9.2f} {result['floor']:>9.2f} "
            f"{result['naive'] / result['ours']:>11.1f} {result['ours'] / result['floor']:>11.2f} "
            f"{result['deep'] / result['ours']:>11.2f} {result['focal']:>9.2f} {result['queries']:>27}"
        )
        if count >= 100_000:
            figures.append((size_label(count), result))
    print()
    print("ours, naive, deep: a coordinator's token (sees every item); focal: a focal point's (its body's items)")
    print(f"python {platform.python_version()}")
    for size, result in figures:
        emit(f"api_list.naive_over_ours@{size}", result["naive"] / result["ours"], ">=", 25)
        emit(f"api_list.ours_over_floor@{size}", result["ours"] / result["floor"], "<=", 2.0)
        emit(f"api_list.deep_over_first@{size}", result["deep"] / result["ours"], "<=", 1.2)


if __name__ == "__main__":
    main()
