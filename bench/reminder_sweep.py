"""The reminder sweep: finding what is due for every recipient, against a naive loop and the floor.

    python bench/reminder_sweep.py [--items 100000] [--recipients 5000] [--rounds 5] [--generated] [--profile]

On PostgreSQL (BENCH_DATABASE_URL, a database this script may empty and fill). Up to 100k items: items
owned by bodies, two focal points per body, ``--recipients`` of them. Above 100k, or with ``--generated``:
bench/scale_data.py's data (1,000 documents, 20,000 people, kept between runs), its people the recipients.
Times, side by side in one run:
- ours: ``notifications.digests.digests_for`` — one query, grouped by the database, composed per recipient;
- floor: the same rows and columns by raw SQL (two queries), grouped and composed the same way with
  nothing else, so that both give every recipient the same digest (checked);
- naive (built data only: at 1M it is hours): a loop over the open items, one query per item for its
  focal points, one email per item.
Budgets (issue 13), printed as ``RATIO`` lines (bench/ratios.py): naive ÷ ours ≥ 50, ours ÷ floor ≤ 1.5;
one query whatever the data, exactly one digest per recipient with something due. Also prints what
one sweep allocates at its peak and what its digests hold (tracemalloc, a run of its own);
``--profile`` prints cProfile's view of one sweep.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import datetime
import gc
import os
import random
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench")


def build(items: int, recipients: int):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bench.listing import build as build_document
    from recommendations.models import Body, Item, ItemOwner, Membership

    build_document(35)  # the report, its reviewed items, the bodies
    document = Item.objects.first().document
    bodies_needed = recipients // 2
    existing = Body.objects.filter(code__startswith="bench-").count()
    built_here = not Item.objects.filter(seq__gte=100).exclude(summary__startswith="Sweep item").exists()
    if existing != bodies_needed or Item.objects.count() != items or not built_here:
        Item.objects.filter(seq__gte=100).delete()
        Membership.objects.filter(user__username__startswith="bench-fp").delete()
        get_user_model().objects.filter(username__startswith="bench-fp").delete()
        Body.objects.filter(code__startswith="bench-").delete()
        bodies = Body.objects.bulk_create(
            Body(code=f"bench-{n}", name_en=f"Mission {n}", name_zh=f"代表团{n}") for n in range(bodies_needed)
        )
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"bench-fp{n}", email=f"fp{n}@example.org") for n in range(recipients)
        )
        Membership.objects.bulk_create(Membership(user=u, body=bodies[n // 2]) for n, u in enumerate(users))
        random.seed(5000)
        paragraphs = list(document.paragraphs.order_by("number"))
        today = datetime.date.today()
        fresh = datetime.datetime.now(datetime.UTC)
        stale = fresh - datetime.timedelta(days=45)
        for start in range(0, items - 35, 5000):
            batch = []
            for n in range(start, min(start + 5000, items - 35)):
                para = paragraphs[n % len(paragraphs)]
                due = today + datetime.timedelta(days=random.randint(-60, 120)) if random.random() < 0.8 else None
                batch.append(Item(document=document, paragraph=para, seq=100 + n // len(paragraphs),
                                  kind="recommendation", status=random.choice(["open", "open", "in_progress"]),
                                  quote=para.text[:40], quote_start=0, quote_end=min(40, len(para.text)),
                                  quote_hash="", due_date=due, summary=f"Sweep item {n}",
                                  last_activity_at=stale if random.random() < 0.2 else fresh))  # fmt: skip
            created = Item.objects.bulk_create(batch)
            ItemOwner.objects.bulk_create(
                ItemOwner(item=item, body=body)
                for item in created
                for body in random.sample(bodies, random.randint(1, 2))
            )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the rebuild left dead rows: as autovacuum would
    return list(get_user_model().objects.filter(username__startswith="bench-fp").values_list("id", flat=True))


# The floor reads what ours reads (``digests._sweep``): each open item that may be due, once per owner
# body of a recipient, with the digest's columns and its group (the same rules, written out); and
# the recipients' memberships.
FLOOR_SQL = """
SELECT i.id, i.seq, i.sub_item, i.status, i.due_date, i.quote, i.summary, i.summary_zh, d.symbol, p.number,
       o.body_id,
       CASE WHEN i.due_date < %(today)s THEN 'overdue' WHEN i.due_date <= %(in_1)s THEN 'due_1'
            WHEN i.due_date <= %(in_7)s THEN 'due_7' WHEN i.due_date <= %(in_30)s THEN 'due_30'
            WHEN i.last_activity_at < %(stale_before)s THEN 'stale' END
FROM recommendations_item i
JOIN recommendations_document d ON d.id = i.document_id
JOIN recommendations_paragraph p ON p.id = i.paragraph_id
JOIN recommendations_itemowner o ON o.item_id = i.id
WHERE i.status IN ('open', 'in_progress')
  AND o.body_id IN (SELECT body_id FROM recommendations_membership WHERE user_id = ANY(%(users)s))
  AND (i.due_date <= %(in_30)s OR i.last_activity_at < %(stale_before)s)
ORDER BY i.due_date NULLS LAST, d.symbol, p.number, i.seq, i.id
"""
MEMBERS_SQL = "SELECT user_id, body_id FROM recommendations_membership WHERE user_id = ANY(%(users)s)"
GROUPS = ("overdue", "due_1", "due_7", "due_30", "stale")


def floor_digests(cursor, params: dict) -> dict[int, dict[str, list[tuple]]]:
    """Each recipient's groups from the floor's rows, composed as ours does (each set of bodies once, the
    widest body's list shared or the others' items spliced into it), with nothing else."""
    cursor.execute(FLOOR_SQL, params)
    rows, listed, last = [], defaultdict(list), None
    for row in cursor.fetchall():
        if row[0] != last:
            last = row[0]
            rows.append(row)
        listed[row[10], row[11]].append(len(rows) - 1)
    cursor.execute(MEMBERS_SQL, params)
    bodies_of = defaultdict(list)
    for user_id, body_id in cursor.fetchall():
        bodies_of[user_id].append(body_id)
    as_rows = {key: [rows[position] for position in positions] for key, positions in listed.items()}
    as_set = {key: set(positions) for key, positions in listed.items()}
    composed, result = {}, {}
    for user_id, bodies in bodies_of.items():
        bodies = tuple(sorted(set(bodies)))
        if bodies not in composed:
            groups = {}
            for name in GROUPS:
                keys = sorted(((body, name) for body in bodies if (body, name) in listed), key=lambda k: len(listed[k]))
                if not keys:
                    groups[name] = []
                    continue
                widest = keys.pop()
                more = sorted(set().union(*(listed[key] for key in keys)).difference(as_set[widest]))
                merged, start = [], 0
                for position in more:
                    at = bisect.bisect_left(listed[widest], position, start)
                    merged += as_rows[widest][start:at]
                    merged.append(rows[position])
                    start = at
                groups[name] = merged + as_rows[widest][start:] if more else as_rows[widest]
            composed[bodies] = groups
        if any(composed[bodies].values()):
            result[user_id] = composed[bodies]
    return result


def who_gets_what(digests_by_user: dict) -> dict[int, tuple]:
    """Each recipient's item ids by group. Recipients who share a digest share its ids: at 1M items
    they number 450 million (recipient, item) pairs, too many to list one by one."""
    ids: dict[int, tuple] = {}
    for groups in digests_by_user.values():
        if id(groups) not in ids:
            ids[id(groups)] = tuple((name, tuple(row[0] for row in rows)) for name, rows in groups.items())
    return {uid: ids[id(groups)] for uid, groups in digests_by_user.items()}


def memory(sweep) -> tuple[float, float]:
    """What one sweep allocates at its peak, and what its digests still hold after it, in MB (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    result = sweep()
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak / 2**20, held / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--recipients", type=int, default=5_000, help="up to 100k items (the generated data has 20,000)"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--generated", action="store_true", help="bench/scale_data.py's data whatever the size")
    parser.add_argument("--profile", action="store_true", help="print cProfile's view of one sweep")
    args = parser.parse_args()
    import django

    django.setup()
    from bench.api_list import _ensure_database

    _ensure_database()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench import scale_data
    from bench.listing import machine, pg_version
    from bench.ratios import emit, size_label
    from bench.timing import race
    from notifications import digests
    from recommendations.models import Item, facts

    call_command("migrate", verbosity=0)
    generated = args.generated or args.items > 100_000
    if generated:
        built = scale_data.build(scale_data.Scale(documents=1000, items=args.items, people=20_000))
        if built["rebuilt"]:
            print(f"(bench/scale_data.py built {args.items} items in {built['seconds']:.0f} s)")
        # The generator's people (other benches add a few of their own to the same database).
        people = get_user_model().objects.filter(username__regex=r"^fp[0-9]{6}$")
        recipients = list(people.order_by("id").values_list("id", flat=True))
    else:
        recipients = build(args.items, args.recipients)
    now = timezone.now()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    params = {"users": recipients, "today": today, "in_1": today + day, "in_7": today + 7 * day,
              "in_30": today + 30 * day, "stale_before": facts.stale_before(now)}  # fmt: skip

    def ours():
        return digests.digests_for(recipients, now=now, today_of=lambda uid: today)

    def floor():
        with connection.cursor() as cursor:
            return floor_digests(cursor, params)

    def naive():
        emails = 0
        wanted = set(recipients)
        for item in Item.objects.open().only("id", "due_date", "last_activity_at"):
            focal = Item.objects.filter(pk=item.pk).values_list("ownerships__body__memberships__user_id", flat=True)
            if (item.due_date and item.due_date <= params["in_30"]) or item.last_activity_at < params["stale_before"]:
                emails += sum(1 for uid in focal if uid in wanted)
        return emails

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        result = ours()
    ours_queries = len(q)
    mine = who_gets_what({uid: digest.groups for uid, digest in result.items()})
    assert mine == who_gets_what(floor()), "ours and the floor disagree on who gets what"
    pairs = sum(len(ids) for groups in mine.values() for _, ids in groups)
    recipients_with = list(mine)
    shared = len({id(digest) for digest in result.values()})
    del result, mine
    peak_mb, held_mb = memory(ours)
    if args.profile:
        cProfile.runctx("ours()", globals(), {"ours": ours}, sort="cumulative")
    medians = race({"ours": ours, "floor": floor}, rounds=args.rounds)
    naive_time = None
    if not generated:
        start = time.perf_counter()
        naive_emails = naive()
        naive_time = time.perf_counter() - start
    ours_t, floor_t = medians["ours"] / 1000, medians["floor"] / 1000
    print(machine())
    data = "bench/scale_data.py's data" if generated else "built data"
    naive_note = " (naive: one run)" if naive_time is not None else ""
    print(f"PostgreSQL {pg_version()}; {args.items} items ({data}), {len(recipients)} recipients; medians of"
          f" {args.rounds}{naive_note}")  # fmt: skip
    digests_line = f"{len(recipients_with)} digests, one per recipient with something due, {shared} distinct"
    print(f"ours   {ours_t * 1000:9.1f} ms  ({ours_queries} SQL; {digests_line}; {pairs} (recipient, item) pairs)")
    print(f"floor  {floor_t * 1000:9.1f} ms  (2 SQL)")
    print(f"memory: one sweep allocates {peak_mb:.0f} MB at its peak; its digests hold {held_mb:.0f} MB")
    if naive_time is not None:
        print(f"naive  {naive_time * 1000:9.1f} ms  ({Item.objects.open().count() + 1} queries, {naive_emails} emails)")
    size = size_label(args.items)
    if naive_time is not None:
        emit(f"sweep.naive_over_ours@{size}", naive_time / ours_t, ">=", 50)
    emit(f"sweep.ours_over_floor@{size}", ours_t / floor_t, "<=", 1.5)


if __name__ == "__main__":
    main()
