"""The item changelist costs the same queries for 3 items as for 60, plain, filtered and searched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.recommendations.spread import LEAD, SIZES, WORD, WORD_ZH, spread

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"

# Per page: session, user, the user's groups and bodies (read once for every permission check),
# the owner filter's bodies and the section filter's sections, the count, the two reads of the
# user's permissions, the page of items (with documents, paragraphs and their owners).
PAGES = {
    "plain": ({}, 10),
    "filtered": ({"status__exact": "open", "owner": LEAD}, 10),
    "searched": ({"q": WORD}, 10),
    "searched in Chinese": ({"q": WORD_ZH}, 10),
    "filtered and searched": ({"owner": LEAD, "q": f"{WORD_ZH} {WORD}"}, 10),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_the_changelist_costs_the_same_queries_whatever_the_number_of_items(client, coordinator, size, page):
    items = spread(**SIZES[size])
    params, expected = PAGES[page]
    client.force_login(coordinator)
    client.get(reverse(LIST))  # once first: the first page a process shows fills its caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    assert response.context_data["cl"].result_list and items  # the count is not of an empty page
    assert len(queries) == expected, "\n".join(q["sql"][:100] for q in queries)
