"""The reminder sweep: finding what is due for every recipient, against a naive loop and the floor.

    python bench/reminder_sweep.py [--items 100000] [--recipients 5000] [--rounds 5]

On PostgreSQL (BENCH_DATABASE_URL, a database this script may empty and fill): items owned by
bodies, two focal points per body. Times, side by side in one run:
- ours: ``notifications.digests.digests_for`` — one grouped query, then each recipient's groups;
- naive: a loop over the open items, one query per item for its focal points, one email per item;
- floor: the same join as one raw SQL query, reading the same columns, rows sorted into a dict.
Budgets (issue 13), printed as ``RATIO`` lines (bench/ratios.py): naive ÷ ours ≥ 50, ours ÷ floor ≤ 1.5;
queries independent of the item count, exactly one digest per recipient with something due.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
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


# What a digest needs of each (recipient, item) pair, as ours reads it (``digests.FIELDS``).
FLOOR_SQL = """
SELECT i.id, i.seq, i.sub_item, i.status, i.due_date, i.quote, i.summary, i.summary_zh, d.symbol, p.number,
       m.user_id, i.last_activity_at < %(stale_before)s
FROM recommendations_item i
JOIN recommendations_document d ON d.id = i.document_id
JOIN recommendations_paragraph p ON p.id = i.paragraph_id
JOIN recommendations_itemowner o ON o.item_id = i.id
JOIN recommendations_membership m ON m.body_id = o.body_id
WHERE i.status IN ('open', 'in_progress') AND m.user_id = ANY(%(users)s)
  AND (i.due_date <= %(due_before)s OR i.last_activity_at < %(stale_before)s)
ORDER BY i.due_date NULLS LAST, d.symbol, p.number, i.seq
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--recipients", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from bench.api_list import _ensure_database

    _ensure_database()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.listing import machine, pg_version
    from bench.ratios import emit, size_label
    from bench.timing import race
    from notifications import digests
    from recommendations.models import Item

    call_command("migrate", verbosity=0)
    recipients = build(args.items, args.recipients)
    now = timezone.now()
    today = timezone.localdate()
    stale_before = now - datetime.timedelta(days=settings.STALE_AFTER_DAYS)

    def ours():
        return digests.digests_for(recipients, now=now, today_of=lambda uid: today)

    def floor():
        with connection.cursor() as cursor:
            due_before = today + datetime.timedelta(days=30)
            cursor.execute(FLOOR_SQL, {"users": recipients, "due_before": due_before, "stale_before": stale_before})
            grouped = defaultdict(list)
            for row in cursor.fetchall():
                grouped[row[10]].append(row)
        return grouped

    def naive():
        emails = 0
        wanted = set(recipients)
        for item in Item.objects.open().only("id", "due_date", "last_activity_at"):
            focal = Item.objects.filter(pk=item.pk).values_list("ownerships__body__memberships__user_id", flat=True)
            if (
                item.due_date and item.due_date <= today + datetime.timedelta(days=30)
            ) or item.last_activity_at < stale_before:
                emails += sum(1 for uid in focal if uid in wanted)
        return emails

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        result = ours()
    ours_queries = len(q)
    floor_result = floor()
    assert set(result) == set(floor_result), "ours and the floor disagree on who has something due"
    medians = race({"ours": ours, "floor": floor}, rounds=args.rounds)
    start = time.perf_counter()
    naive_emails = naive()
    naive_time = time.perf_counter() - start
    ours_t, floor_t = medians["ours"] / 1000, medians["floor"] / 1000
    print(machine())
    print(f"PostgreSQL {pg_version()}; {args.items} items, {len(recipients)} recipients; medians of {args.rounds}"
          " (naive: one run)")  # fmt: skip
    digests_line = f"{len(result)} digests, one per recipient with something due"
    print(f"ours   {ours_t * 1000:9.1f} ms  ({ours_queries} SQL, {digests_line})")
    print(f"floor  {floor_t * 1000:9.1f} ms")
    print(f"naive  {naive_time * 1000:9.1f} ms  ({Item.objects.open().count() + 1} queries, {naive_emails} emails)")
    size = size_label(args.items)
    emit(f"sweep.naive_over_ours@{size}", naive_time / ours_t, ">=", 50)
    emit(f"sweep.ours_over_floor@{size}", ours_t / floor_t, "<=", 1.5)


if __name__ == "__main__":
    main()
