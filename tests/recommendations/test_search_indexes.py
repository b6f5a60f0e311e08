"""Searching words through indexes on PostgreSQL: the same items as a plain scan, found by the index."""

import pytest
from django.db import connection
from django.db.models import Q

from recommendations import search
from recommendations.models import Item
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search indexes are PostgreSQL's (CI runs it)"
)


@pytest.fixture
def texts():
    """Items holding a two-character Chinese word in each column, one holding it split across two, and others."""
    return {
        "in quote": ItemFactory(quote="安理会促请维和特派团", quote_start=0, quote_end=10),
        "in summary": ItemFactory(summary="Peacekeeping (维和) budget"),
        "in summary_zh": ItemFactory(summary_zh="加强维和人员安全"),
        "split across columns": ItemFactory(summary="budget 维", summary_zh="和平"),
        "one character": ItemFactory(summary_zh="维持"),
        "elsewhere": ItemFactory(summary_zh="部队轮换", summary="Troop rotation"),
    }


def _scan(word: str) -> set[int]:
    """What the words' condition finds read row by row, as it did before any index."""
    found = Item.objects.filter(Q(quote__icontains=word) | Q(summary__icontains=word) | Q(summary_zh__icontains=word))
    return set(found.values_list("pk", flat=True))


TERMS = ["维和", "维和 budget", "维和人员", "部队", "和平", "维", "rotation", "ROTATION 部队", "维和 部队"]


@pytest.mark.parametrize("term", TERMS)
def test_a_search_finds_what_a_scan_of_every_column_finds(texts, term):
    found = set(search.matching(Item.objects.all(), term).values_list("pk", flat=True))
    expected = set.intersection(*(_scan(word) for word in term.split()))
    assert found == expected


def test_a_chinese_pair_is_found_in_each_column_and_never_across_two(texts):
    found = set(search.matching(Item.objects.all(), "维和").values_list("pk", flat=True))
    assert found == {texts[name].pk for name in ("in quote", "in summary", "in summary_zh")}


def _plan(term: str) -> str:
    sql, params = search.matching(Item.objects.all(), term).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows are read faster without an index: forbid the scan (and walking another index
        # whole), so that the plan shows whether an index answers the words' condition at all; when
        # none matches the query's expression, the table is still scanned.
        for plan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{plan} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@needs_postgres
@pytest.mark.parametrize(
    ("term", "index"),
    [
        ("rotation", "item_summary_trgm_idx"),
        ("rotation", "item_quote_trgm_idx"),
        ("维和人员", "item_summary_zh_trgm_idx"),  # pg_trgm reads ideographs as word characters
        ("维和", "item_cjk_bigrams_idx"),  # two characters: no trigram, the pairs' index
    ],
)
def test_words_are_looked_up_in_an_index(texts, term, index):
    plan = _plan(term)
    assert index in plan and "Seq Scan on recommendations_item" not in plan, plan
