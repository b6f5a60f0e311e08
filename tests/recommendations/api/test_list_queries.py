"""The item list of the API costs the same queries for 3 items as for 60, plain, filtered and searched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.recommendations.spread import LEAD, SIZES, WORD, WORD_ZH, spread

pytestmark = pytest.mark.django_db

LISTS = {
    "plain": {},
    "filtered": {"status": "open", "body": LEAD},
    "searched": {"q": WORD},
    "searched in Chinese": {"q": WORD_ZH},
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("params", LISTS.values(), ids=LISTS)
def test_the_item_list_costs_the_same_queries_whatever_the_number_of_items(api, coordinator, size, params):
    spread(**SIZES[size])
    client = api(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/items/", params)
    results = response.json()["results"]
    assert response.status_code == 200 and results
    assert any(item["lineage"] for item in results)  # the links' query has rows to read
    # the token with its user and roles, the page of items (visibility inside it), their owners, their links
    assert len(queries) == 4, "\n".join(q["sql"][:100] for q in queries)
