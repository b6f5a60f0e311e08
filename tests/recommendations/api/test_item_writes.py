"""A PATCH is one service call: one lock, the item read three times, refusals worded as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Event, Item

from .conftest import etag_of

pytestmark = pytest.mark.django_db

EVERY_PART = {
    "summary": "Consult tripartitely",
    "due_date": "2027-02-28",
    "owners": [{"body": "TPCC", "role": "supporting"}, {"body": "AU", "role": "lead"}],
}
ITEM_READ = 'SELECT "recommendations_item"."id"'


def test_a_patch_of_every_part_reads_the_item_three_times_in_a_fixed_number_of_queries(api, opened, coordinator):
    client = api(coordinator)
    item = Item.objects.get(paragraph__number=109)  # owned by TPCC, SEC and SC
    tag = etag_of(client, item.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(f"/api/v1/items/{item.pk}/", EVERY_PART, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{item.pk}-{item.version + 3}"'
    # The item is read to check If-Match, locked once by the service, and read again for the answer:
    # five times when the view chained three services, each locking it again.
    assert sum(q["sql"].startswith(ITEM_READ) for q in queries) == 3
    # The token; the item and its owners; the two bodies named; the lock; per part, the row, its history
    # and its event; the owners read, two removed, one changed, one added, each with its history; the
    # answer, its owners and its links; the savepoints of the view's and the service's transactions.
    # Chaining three services, each locking the item in its own savepoint, took 38 (without the links).
    assert len(queries) == 31, "\n".join(q["sql"][:120] for q in queries)
    kinds = item.events.filter(version__gt=item.version).order_by("version").values_list("kind", flat=True)
    assert list(kinds) == [Event.Kind.DETAILS, Event.Kind.DUE_DATE, Event.Kind.OWNERS]


def test_a_patch_of_the_summary_alone_is_fourteen_queries(api, opened, coordinator):
    """Thirteen before the answer named its links; fifteen when the view's transaction held update_details's,
    which held edit_fields's."""
    client = api(coordinator)
    item = Item.objects.get(paragraph__number=109)
    tag = etag_of(client, item.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(f"/api/v1/items/{item.pk}/", {"summary": "changed"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.content
    assert len(queries) == 14, "\n".join(q["sql"][:120] for q in queries)


REFUSED = {
    "patch": "only coordinators change an item's details; use transitions, comments, progress",
    "delete": "only coordinators delete items",
}


@pytest.mark.parametrize("method", sorted(REFUSED))
def test_the_service_refuses_a_focal_point_and_the_api_words_it_as_before(api, opened, tpcc_focal_point, method):
    client = api(tpcc_focal_point)
    item = Item.objects.get(paragraph__number=109)
    url, tag = f"/api/v1/items/{item.pk}/", etag_of(client, item.pk)
    response = getattr(client, method)(url, {"summary": "mine"} if method == "patch" else None, HTTP_IF_MATCH=tag)
    assert response.status_code == 403
    assert response.json() == {"status": 403, "code": "permission_denied", "message": REFUSED[method], "errors": []}
    assert Item.objects.get(pk=item.pk).version == item.version


def test_a_focal_point_adding_an_item_is_refused_as_before(api, opened, tpcc_focal_point):
    data = {"document": "S/2017/130", "paragraph": 41, "quote_start": 0, "quote_end": 20, "kind": "emphasis"}
    response = api(tpcc_focal_point).post("/api/v1/items/", data, format="json")
    assert response.status_code == 403
    body = {"status": 403, "code": "permission_denied", "message": "only coordinators add items", "errors": []}
    assert response.json() == body
