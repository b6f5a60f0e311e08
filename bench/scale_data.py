"""Fills a PostgreSQL benchmark database at the scale of a UN-wide tracker, fast, and keeps it between runs.

    python bench/scale_data.py [--documents 1000] [--items 1000000] [--people 20000] [--bodies 200] [--force]

Writes with COPY (psycopg's ``cursor.copy``), in one transaction, into a database this script may
empty (BENCH_DATABASE_URL): the bodies of fixtures/bodies.yaml and ``--bodies`` more, documents of
100 paragraphs each (texts a few kilobytes), items with their owners and their first event, people
with their memberships and notification preferences (rows and skew: bench/scale_rows.py). Then
sets the sequences past the ids it wrote and runs VACUUM ANALYZE, as autovacuum would after a load.

A fingerprint of the parameters, the generator's version and the applied migrations is kept in
the table ``bench_scale`` with the counts it wrote; when both still match, nothing is rebuilt.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench"
    )

from bench import scale_rows  # noqa: E402
from bench.scale_rows import Scale  # noqa: E402

# Emptied by a rebuild; CASCADE takes every table that refers to them (items, events, tokens, …).
# The history tables refer to nothing (simple_history keeps no foreign keys), so they are named.
ROOTS = [
    "auth_user", "recommendations_body", "recommendations_document", "recommendations_reference",
    "recommendations_importjob", "recommendations_historicalitem", "recommendations_historicalitemowner",
]  # fmt: skip

COLUMNS = {
    "recommendations_body": "id, code, name_en, name_zh, abbreviation, aliases_zh, aliases_en, parent_id",
    "recommendations_document": "id, symbol, language, original_language, title, date, issuing_body, source_url, "
    "checksum, imported_at",
    "recommendations_documenttext": "document_id, text",
    "recommendations_section": 'id, kind, number, heading, meeting_date, "order", columns, rows, document_id, '
    "parent_id",
    "recommendations_paragraph": "id, number, text, text_hash, sub_items, source_start, source_end, document_id, "
    "section_id",
    "recommendations_item": "id, sub_item, seq, kind, status, response, quote, quote_start, quote_end, quote_hash, "
    "speaker, summary, summary_zh, due_date, priority, progress, closure_proposed, version, last_activity_at, "
    "created_at, updated_at, document_id, merged_into_id, paragraph_id",
    "recommendations_itemowner": "id, role, body_id, item_id",
    "recommendations_event": "id, kind, created_at, action, from_value, to_value, comment, progress, evidence_url, "
    "evidence_symbol, version, actor_id, item_id",
    "auth_user": "id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, "
    "is_active, date_joined",
    "recommendations_membership": "id, role, body_id, user_id",
    "notifications_preference": "id, language, time_zone, frequency, weekday, hour, opted_out, snoozed_until, "
    "event_notices, user_id, last_notice_event_id",
}
# Compared with what the fingerprint's build wrote: another bench refilling the database changes them.
# Not the people: the benches add their own (a coordinator, a focal point) to whatever is there.
COUNTED = ["recommendations_document", "recommendations_item", "recommendations_itemowner", "recommendations_event"]


def fingerprint(scale: Scale) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = cursor.fetchall()
    state = {"scale": dataclasses.asdict(scale), "version": scale_rows.VERSION, "migrations": migrations}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        return {table: cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}


def _built(mark: str) -> bool:
    """Built by this generator with these parameters, and not emptied or refilled since by another bench."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_scale (fingerprint text, counts jsonb, seconds real)")
        row = cursor.execute("SELECT fingerprint, counts::text FROM bench_scale").fetchone()
    return bool(row) and row[0] == mark and json.loads(row[1]) == _counts()


def build(scale: Scale, *, force: bool = False) -> dict:
    """Fill the database for ``scale`` unless it already holds it; returns what it holds and how long it took."""
    from django.db import connection

    mark = fingerprint(scale)
    if not force and _built(mark):
        return {"rebuilt": False, "seconds": 0.0, "counts": _counts()}
    started = time.perf_counter()
    _fill(scale)
    with connection.cursor() as cursor:
        for table in COLUMNS:
            if table != "recommendations_documenttext":  # keyed by its document: no sequence
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table}")  # fmt: skip
        # Outside the load's transaction (VACUUM cannot run in one); it also sets the visibility map,
        # without which index-only scans read the table.
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    counts = _counts()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_scale")
        cursor.execute("INSERT INTO bench_scale VALUES (%s, %s, %s)", [mark, json.dumps(counts), seconds])
    return {"rebuilt": True, "seconds": seconds, "counts": counts}


def _fill(scale: Scale) -> None:
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from recommendations.demo import read_yaml
    from recommendations.models import Body
    from recommendations.services import load_bodies

    rng, now = random.Random(scale.seed), timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("DELETE FROM bench_scale")
            cursor.execute(f"TRUNCATE {', '.join(ROOTS)} RESTART IDENTITY CASCADE")
        # The fixture's bodies through the service, so that they are the ones every other load makes.
        load_bodies(entries=read_yaml(settings.FIXTURES_DIR / "bodies.yaml"))
        known = list(Body.objects.order_by("id").values_list("id", flat=True))
        raw = connection.connection.cursor()
        generated = range(known[-1] + 1, known[-1] + 1 + scale.bodies)
        _copy(raw, "recommendations_body", scale_rows.bodies(generated.start, scale.bodies))
        body_ids = known + list(generated)  # the fixture's first: they rank highest

        paragraphs: list[tuple[int, int, str]] = []
        docs, texts, sections, paras = [], [], [], []
        for document, text, section, rows in scale_rows.documents(scale, now, rng):
            docs.append(document), texts.append(text), sections.append(section), paras.extend(rows)
            paragraphs.extend((row[0], row[7], row[2]) for row in rows)
        _copy(raw, "recommendations_document", docs)
        _copy(raw, "recommendations_documenttext", texts)
        _copy(raw, "recommendations_section", sections)
        _copy(raw, "recommendations_paragraph", paras)
        del docs, texts, sections, paras

        users, memberships, preferences = [], [], []
        for user, theirs, preference in scale_rows.people(scale, body_ids, now, rng):
            users.append(user), memberships.extend(theirs)
            if preference:
                preferences.append(preference)
        _copy(raw, "auth_user", users)
        _copy(raw, "recommendations_membership", memberships)
        _copy(raw, "notifications_preference", preferences)

        _copy_items(raw, scale_rows.items(scale, paragraphs, body_ids, now, rng))


def _copy(cursor, table: str, rows) -> None:
    with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _copy_items(cursor, rows) -> None:
    """Items in one COPY; their owners and events go to two more, written after it (one COPY at a time)."""
    owners, events = [], []
    with cursor.copy(f"COPY recommendations_item ({COLUMNS['recommendations_item']}) FROM STDIN") as copy:
        for item, theirs, event in rows:
            copy.write_row(item)
            owners.extend(theirs)
            events.append(event)
    _copy(cursor, "recommendations_itemowner", owners)
    _copy(cursor, "recommendations_event", events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--bodies", type=int, default=200, help="generated bodies, besides fixtures/bodies.yaml's")
    parser.add_argument("--force", action="store_true", help="rebuild even when the fingerprint matches")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    from bench.api_list import _ensure_database
    from bench.listing import machine, pg_version

    _ensure_database()
    call_command("migrate", verbosity=0)
    scale = Scale(documents=args.documents, items=args.items, people=args.people, bodies=args.bodies)
    result = build(scale, force=args.force)
    print(machine())
    print(f"PostgreSQL {pg_version()}; {scale}")
    what = f"built in {result['seconds']:.1f} s" if result["rebuilt"] else "already there (fingerprint matches)"
    print(f"{what}: " + ", ".join(f"{table} {n}" for table, n in result["counts"].items()))


if __name__ == "__main__":
    main()
