"""The changelist's count: exact on SQLite and up to the cap; above it an estimate or "more than", said so."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.admin import paging
from recommendations.admin.items import ItemAdmin
from recommendations.admin.paging import EstimatedCountPaginator, _rounded
from tests.recommendations.spread import WORD, spread

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="estimates and capped counts are PostgreSQL's (CI runs it)"
)


@pytest.fixture
def twelve(client, coordinator, monkeypatch):
    """Twelve items, pages of 5, a cap of 5: every list of them is above the cap."""
    monkeypatch.setattr(EstimatedCountPaginator, "CAP", 5)
    monkeypatch.setattr(ItemAdmin, "list_per_page", 5)
    spread(12, documents=2, bodies=3)
    client.force_login(coordinator)
    return client


def _paginator(client, **params) -> tuple[str, list]:
    """The paginator's text (tags out, spaces folded) and the items listed."""
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", html.split('<p class="paginator">')[1].split("</p>")[0])
    return " ".join(text.split()), list(response.context_data["cl"].result_list)


@pytest.mark.parametrize(("count", "shown"), [(999_817, 1_000_000), (1_234_567, 1_230_000), (4321, 4320), (987, 987)])
def test_an_estimate_is_shown_to_its_three_leading_digits(count, shown):
    assert _rounded(count) == shown


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the embedded default's count")
def test_sqlite_counts_exactly_whatever_the_cap(twelve):
    text, listed = _paginator(twelve, q=WORD)
    assert text == "1 2 3 12 items Show all" and len(listed) == 5


@needs_postgres
def test_a_list_of_up_to_the_cap_is_counted_exactly(twelve):
    text, _ = _paginator(twelve, owner="LEAD0")  # leads 4 items and supports 2: above the cap
    assert text == "1 2 more than 5 items next page ›"
    text, listed = _paginator(twelve, owner="LEAD0", status__exact="open")
    assert text == "3 items" and len(listed) == 3


@needs_postgres
def test_a_filtered_list_above_the_cap_says_more_than_and_counts_no_further(twelve):
    with CaptureQueriesContext(connection) as queries:
        text, _ = _paginator(twelve, q=WORD)
    assert text == "1 2 more than 5 items next page ›"
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 6" in counts[0]


@needs_postgres
def test_pages_go_on_past_the_cap_until_the_rows_end(twelve):
    text, listed = _paginator(twelve, q=WORD, p=3)
    assert len(listed) == 2 and "next page" not in text  # items 11 and 12: the last page, not a refusal
    assert _paginator(twelve, q=WORD, p=4)[1] == []


@needs_postgres
def test_the_whole_list_says_about_the_tables_estimate(twelve):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE recommendations_item")
    text, listed = _paginator(twelve)
    assert text == "1 2 3 about 12 items next page ›" and len(listed) == 5


@needs_postgres
def test_the_whole_list_of_a_table_never_analysed_says_more_than(twelve, monkeypatch):
    # What pg_class holds for a table never analysed (ANALYZE writes it outside any transaction,
    # so another test's would stay: the estimate is set here rather than read).
    counted = paging._count_and_estimate
    monkeypatch.setattr(paging, "_count_and_estimate", lambda *args, **kwargs: (counted(*args, **kwargs)[0], -1))
    text, _ = _paginator(twelve)
    assert text == "1 2 more than 5 items next page ›"


@needs_postgres
def test_show_all_is_never_offered_above_the_cap(twelve):
    # Show all lists every row: with no count to bound it, it is left out (and refused when asked for).
    assert "Show all" not in _paginator(twelve, q=WORD)[0]
    assert len(_paginator(twelve, q=WORD, all="")[1]) == 5


@needs_postgres
def test_select_all_names_the_count_as_the_list_does(twelve):
    page = twelve.get(reverse(LIST), {"q": WORD}).content.decode()
    assert "Select all more than 5 items" in page and "Select all 6 items" not in page
    assert "more than 5 results" in page  # beside the search box
