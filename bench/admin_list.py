"""The item changelist of the admin at a million items, against a default admin of the same list.

    python bench/admin_list.py [--items 1000000] [--rounds 10]

On bench/scale_data.py's data (1,000 documents, 20,000 people; built once in BENCH_DATABASE_URL and
kept between runs), times pages of the item changelist through Django's test client, logged in
as a coordinator: the first page, a filtered page, and searches of an English word, a Chinese word
and a two-character Chinese word. Ours is the project's ``ItemAdmin``; "default" is a plain
``ModelAdmin`` on an admin site of its own, with the same ``list_display``, ``list_filter`` and
``search_fields``, Django's paginator (a full COUNT(*)) and search (``icontains`` on each field: the
same LIKE as ours, so the same trigram indexes serve it where they can) and no
``list_select_related``, on the same database. Both run in turns (``timing.race``).

Budget (issue 13): default ÷ ours ≥ 8, printed as ``RATIO admin_list.default_over_ours@1M``: the
geometric mean of the pages' ratios (each page counts alike, whichever is slowest); each page's
ratio, and the smallest, are printed above it.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker_bench")

# The pages timed: (name, query string). The searches are words of the generated texts
# (bench/scale_rows.py): each is in 6% to 20% of the items.
PAGES = (
    ("first", {}),
    ("filtered", {"status__exact": "open", "owner": "SEC"}),
    ("search", {"q": "early-warning"}),
    ("search_zh", {"q": "预警能力"}),
    ("search_zh2", {"q": "维和"}),  # two characters: no trigram
)
OURS, DEFAULT = "/admin/recommendations/item/", "/default-admin/recommendations/item/"

# This module is the URL configuration while it runs: the project's URLs and the default admin's.
urlpatterns: list = []


def _default_site():
    """A plain ModelAdmin of items on a site of its own: what the item list would be without this project's work."""
    from django.contrib import admin

    from recommendations.admin.base import BaseItemAdmin
    from recommendations.admin.items import ItemAdmin
    from recommendations.models import Item

    class DefaultItemAdmin(admin.ModelAdmin):
        list_display = ItemAdmin.list_display
        list_filter = ItemAdmin.list_filter
        search_fields = ItemAdmin.search_fields
        list_per_page = ItemAdmin.list_per_page
        # The same columns, drawn by the same functions.
        reference_link = BaseItemAdmin.reference_link
        summary_or_quote = BaseItemAdmin.summary_or_quote
        owner_list = BaseItemAdmin.owner_list
        overdue_mark = BaseItemAdmin.overdue_mark
        last_update = BaseItemAdmin.last_update
        closure_mark = ItemAdmin.closure_mark

    # Named as the project's site: the project's base template links its pages (the user's
    # preferences, the outbox) by the admin's names. The project's URLs come first, so the
    # names resolve to them; the default site only answers its own paths.
    site = admin.AdminSite(name="admin")
    site.register(Item, DefaultItemAdmin)
    return site


def _client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from recommendations.roles import ensure_role_groups

    ensure_role_groups()
    user, _ = User.objects.get_or_create(username="bench-admin-coordinator", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Coordinators"))
    client = Client()
    client.force_login(user)
    return client


def _count_shown(page: str) -> str:
    """What the page says of the number of items: the paginator's last words."""
    paginator = page.split('<p class="paginator">', 1)[1].split("</p>", 1)[0]
    # After the page numbers (the last is "…" or a number): the count and what follows it.
    text = " ".join(re.sub(r"<[^>]+>", " ", paginator).split())
    return re.sub(r"^.*?(\d[\d,]* items|about|more than)", r"\1", text)


def measure(rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.timing import race

    client = _client()

    def page(prefix: str, params: dict):
        def get():
            response = client.get(prefix, params)
            assert response.status_code == 200, (prefix, params, response.status_code)
            return response.content

        return get

    contenders = {}
    for name, params in PAGES:
        contenders[f"ours {name}"] = page(OURS, params)
        contenders[f"default {name}"] = page(DEFAULT, params)
    queries, counts = {}, {}
    for name, get in contenders.items():
        with CaptureQueriesContext(connection) as captured:
            body = get().decode()
        queries[name] = len(captured)
        counts[name] = _count_shown(body)
    for get in contenders.values():  # warm caches, connections and the planner's statistics
        get()
    return {"times": race(contenders, rounds=rounds), "queries": queries, "counts": counts}


def explain(word: str) -> str:
    """The plan of the search's page query (ours), to show whether the trigram index serves it."""
    from django.db import connection

    from recommendations import search
    from recommendations.models import Item

    found = search.matching(Item.objects.all(), word).order_by("document", "paragraph__number", "seq", "-pk")[:50]
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--explain", action="store_true", help="print the plans of the searches' page queries")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import clear_url_caches, include, path

    from bench import scale_data
    from bench.api_list import _ensure_database
    from bench.listing import machine, pg_version
    from bench.ratios import emit, size_label

    _ensure_database()
    call_command("migrate", verbosity=0)
    built = scale_data.build(scale_data.Scale(documents=1000, items=args.items, people=20_000))
    if built["rebuilt"]:
        print(f"(bench/scale_data.py built {args.items} items in {built['seconds']:.0f} s)")

    urlpatterns[:] = [path("", include(settings.ROOT_URLCONF)), path("default-admin/", _default_site().urls)]
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clear_url_caches()

    print(machine())
    print(f"{args.items} items, page size 50, {args.rounds} rounds each, medians; PostgreSQL {pg_version()}")
    result = measure(args.rounds)
    times, queries, counts = result["times"], result["queries"], result["counts"]
    print()
    print(f"{'page':>10} {'ours ms':>9} {'default ms':>11} {'default÷ours':>13} {'queries':>9}   shown: ours | default")
    ratios = {}
    for name, _ in PAGES:
        ours, default = times[f"ours {name}"], times[f"default {name}"]
        ratios[name] = default / ours
        print(
            f"{name:>10} {ours:>9.1f} {default:>11.1f} {ratios[name]:>13.1f} "
            f"{queries[f'ours {name}']:>4}/{queries[f'default {name}']:<4}   "
            f"{counts[f'ours {name}']} | {counts[f'default {name}']}"
        )
    print()
    print(f"python {platform.python_version()}; a coordinator's session; ours: recommendations.admin.items.ItemAdmin")
    if args.explain:
        for name, params in PAGES:
            if "q" in params:
                print(f"\nEXPLAIN of ours, {name} ({params['q']}):\n{explain(params['q'])}")
    print()
    print(f"smallest of the pages' ratios: {min(ratios.values()):.2f} ({min(ratios, key=ratios.get)})")
    overall = math.prod(ratios.values()) ** (1 / len(ratios))
    emit(f"admin_list.default_over_ours@{size_label(args.items)}", overall, ">=", 8)


if __name__ == "__main__":
    main()
