"""Data and contenders for bench/api_list.py."""

from __future__ import annotations

import base64
import datetime
import json
import os
import platform
import random

import orjson
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework import pagination, permissions, renderers, serializers, viewsets
from rest_framework.test import APIRequestFactory

from bench.timing import race
from recommendations.api.auth import TokenAuthentication
from recommendations.api.views.items import ItemViewSet
from recommendations.models import Body, Document, Item, ItemOwner, Membership, Paragraph
from recommendations.roles import ensure_role_groups

STATUSES = ["open", "open", "in_progress", "implemented"]
SUMMARY = "Benchmark item"


# -- the naive contender: what a first ModelViewSet looks like -------------------------------


class NaiveBody(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = "__all__"


class NaiveOwner(serializers.ModelSerializer):
    body = NaiveBody()

    class Meta:
        model = ItemOwner
        fields = ["body", "role"]


class NaiveDocument(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = "__all__"


class NaiveParagraph(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["id", "number", "text"]


class NaiveItem(serializers.ModelSerializer):
    document = NaiveDocument()
    paragraph = NaiveParagraph()
    ownerships = NaiveOwner(many=True)

    class Meta:
        model = Item
        fields = ["id", "document", "paragraph", "sub_item", "kind", "status", "response", "summary", "quote",
                  "due_date", "priority", "version", "ownerships", "updated_at"]  # fmt: skip


class NaivePages(pagination.PageNumberPagination):
    page_size = 50


class NaiveItemViewSet(viewsets.ModelViewSet):
    queryset = Item.objects.all().order_by("paragraph_id", "seq")
    serializer_class = NaiveItem
    pagination_class = NaivePages
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [renderers.JSONRenderer]
    filter_backends: list = []


# -- the floor: the same rows by raw SQL, encoded with orjson ------------------------------
# Three queries, as the endpoint: the items, their owners, their confirmed links.

# The same columns as the endpoint's rows (``LIST_COLUMNS``), owners in the same order.
ITEMS_SQL = """
SELECT i.id, d.symbol, d.language, p.number, i.sub_item, i.seq, i.kind, i.status, i.response, i.summary,
       i.summary_zh, i.quote, i.quote_start, i.quote_end, i.quote_hash, i.speaker, i.due_date, i.priority,
       i.progress, i.closure_proposed, i.version, i.last_activity_at, i.created_at, i.updated_at
FROM recommendations_item i
JOIN recommendations_paragraph p ON p.id = i.paragraph_id
JOIN recommendations_document d ON d.id = i.document_id
ORDER BY i.paragraph_id, i.seq
LIMIT %s
"""
OWNERS_SQL = """
SELECT o.item_id, b.code, o.role FROM recommendations_itemowner o
JOIN recommendations_body b ON b.id = o.body_id WHERE o.item_id = ANY(%s)
ORDER BY o.item_id, o.role, b.name_en
"""
# Each item's confirmed links, both ways, with the other item's reference (``models.lineage.linked_items``).
LINKS_SQL = """
SELECT l.item_id, o.id, l.relation, 'earlier', d.symbol, p.number, o.seq, o.sub_item
FROM recommendations_link l JOIN recommendations_item o ON o.id = l.earlier_id
JOIN recommendations_paragraph p ON p.id = o.paragraph_id JOIN recommendations_document d ON d.id = o.document_id
WHERE l.state = 'confirmed' AND l.item_id = ANY(%(ids)s)
UNION ALL
SELECT l.earlier_id, o.id, l.relation, 'later', d.symbol, p.number, o.seq, o.sub_item
FROM recommendations_link l JOIN recommendations_item o ON o.id = l.item_id
JOIN recommendations_paragraph p ON p.id = o.paragraph_id JOIN recommendations_document d ON d.id = o.document_id
WHERE l.state = 'confirmed' AND l.earlier_id = ANY(%(ids)s)
ORDER BY 1, 4, 5, 6, 7
"""
COLUMNS = ["id", "document", "language", "paragraph", "sub_item", "seq", "kind", "status", "response", "summary",
           "summary_zh", "quote", "quote_start", "quote_end", "quote_hash", "speaker", "due_date", "priority",
           "progress", "closure_proposed", "version", "last_activity_at", "created_at", "updated_at"]  # fmt: skip


def floor(page_size: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(ITEMS_SQL, [page_size])
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        cursor.execute(OWNERS_SQL, [[row["id"] for row in rows]])
        owners: dict[int, list] = {}
        for item_id, code, role in cursor.fetchall():
            owners.setdefault(item_id, []).append({"body": code, "role": role})
        cursor.execute(LINKS_SQL, {"ids": [row["id"] for row in rows]})
        links: dict[int, list] = {}
        for item_id, other, relation, direction, symbol, number, seq, sub_item in cursor.fetchall():
            links.setdefault(item_id, []).append(
                {"relation": relation, "direction": direction, "item": other, "document": symbol,
                 "key": f"{number}-{seq}", "sub_item": sub_item}
            )  # fmt: skip
    for row in rows:
        row["owners"] = owners.get(row["id"], [])
        row["lineage"] = links.get(row["id"], [])
    return orjson.dumps({"next": None, "results": rows})


# -- building the data ----------------------------------------------------------------------


def build(count: int) -> dict:
    """``count`` items on S/2017/130's paragraphs, 1–3 owners each; reused when already there."""
    from django.conf import settings

    from recommendations.demo import read_yaml
    from recommendations.services import apply_curated_items, import_document, load_bodies

    fixtures = settings.FIXTURES_DIR
    load_bodies(entries=read_yaml(fixtures / "bodies.yaml"))
    curated = read_yaml(fixtures / "items" / "S-2017-130.zh.yaml")
    document = import_document(
        data=(fixtures / curated["source"]).read_bytes(), symbol=curated["document"], language="zh"
    ).document
    apply_curated_items(document=document, entries=curated["items"])
    # Reused when this script built them; the reminder sweep fills the same database differently.
    built_here = not Item.objects.filter(seq__gte=100).exclude(summary__startswith=SUMMARY).exists()
    if Item.objects.count() != count or not built_here:
        Item.objects.filter(seq__gte=100).delete()
        _fill(document, count - Item.objects.count())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the rebuild left dead rows: as autovacuum would
    return {**tokens(), "count": count}


def tokens() -> dict:
    """A coordinator's token and a Secretariat focal point's, made afresh on whatever items are there."""
    ensure_role_groups()
    user, _ = User.objects.get_or_create(username="bench-coordinator", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Coordinators"))
    AuthToken.objects.filter(user=user).delete()
    _, token = AuthToken.objects.create(user=user)
    # A focal point of the Secretariat: its list is filtered to its body's items (about 1 in 6 of
    # build()'s, about 1 in 5 of bench/scale_data.py's).
    focal, _ = User.objects.get_or_create(username="bench-focal-point")
    Membership.objects.get_or_create(user=focal, body=Body.objects.get(code="SEC"))
    AuthToken.objects.filter(user=focal).delete()
    _, focal_token = AuthToken.objects.create(user=focal)
    return {"token": token, "focal_token": focal_token}


def _fill(document: Document, missing: int) -> None:
    random.seed(20170130)
    paragraphs = list(document.paragraphs.order_by("number"))
    bodies = list(Body.objects.exclude(code__startswith="bench-"))  # the report's bodies, not the sweep's
    today = datetime.date.today()
    batch = 5000
    for start in range(0, missing, batch):
        items = []
        for n in range(start, min(start + batch, missing)):
            para = paragraphs[n % len(paragraphs)]
            end = min(len(para.text), 60)
            items.append(
                Item(
                    document=document, paragraph=para, seq=100 + n // len(paragraphs), kind="recommendation",
                    status=random.choice(STATUSES), quote=para.text[:end], quote_start=0, quote_end=end,
                    quote_hash="", summary=f"{SUMMARY} {n}",
                    due_date=today + datetime.timedelta(days=random.randint(-200, 400)),
                )
            )  # fmt: skip
        created = Item.objects.bulk_create(items)
        ItemOwner.objects.bulk_create(
            ItemOwner(item=item, body=body, role="lead" if i == 0 else "supporting")
            for item in created
            for i, body in enumerate(random.sample(bodies, random.randint(1, 3)))
        )


# -- measuring ------------------------------------------------------------------------------


def _deep_cursor(count: int) -> str:
    """A cursor nine tenths of the way down the default ordering."""
    paragraph_id, seq = Item.objects.order_by("paragraph_id", "seq").values_list("paragraph_id", "seq")[
        int(count * 0.9)
    ]
    raw = json.dumps([paragraph_id, seq]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def measure(data: dict, *, rounds: int, page_size: int) -> dict:
    factory = APIRequestFactory(SERVER_NAME="localhost")
    auth = {"HTTP_AUTHORIZATION": f"Token {data['token']}"}
    ours_view = ItemViewSet.as_view({"get": "list"})
    naive_view = NaiveItemViewSet.as_view({"get": "list"})
    deep = _deep_cursor(data["count"])

    def ours():
        return ours_view(factory.get("/api/v1/items/", {"page_size": page_size}, **auth)).render().content

    def ours_deep():
        request = factory.get("/api/v1/items/", {"page_size": page_size, "cursor": deep}, **auth)
        return ours_view(request).render().content

    def ours_focal():
        focal_auth = {"HTTP_AUTHORIZATION": f"Token {data['focal_token']}"}
        request = factory.get("/api/v1/items/", {"page_size": page_size}, **focal_auth)
        return ours_view(request).render().content

    def naive():
        return naive_view(factory.get("/naive/items/", **auth)).render().content

    def floor_():
        return floor(page_size)

    contenders = {"ours": ours, "naive": naive, "floor": floor_, "deep": ours_deep, "focal": ours_focal}
    connection.queries_log.clear()  # building the data filled the debug log past its limit
    queries = {}
    for name, fn in contenders.items():
        with CaptureQueriesContext(connection) as captured:
            body = fn()
        assert body, name
        queries[name] = len(captured)
    for _ in range(3):  # warm caches and connections
        for fn in contenders.values():
            fn()
    result = race(contenders, rounds=rounds)
    result["queries"] = f"{queries['ours']}/{queries['naive']}/{queries['floor']}"
    return result


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    return f"machine: {platform.system()} {platform.machine()}, {cpus} cores {model}".strip()


def pg_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
