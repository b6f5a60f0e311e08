"""GET /api/v1/items/{id}/annotation/ and a document's annotation collection: JSON-LD, who sees what, queries."""

import pytest

from recommendations.models import Body, Item, ItemOwner

from ..jsonld import AS, OA, TRACKER, expand

pytestmark = pytest.mark.django_db

LD = "application/ld+json"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = TRACKER


def _tpcc_item(document) -> Item:
    """An item of the troop- and police-contributing countries that the African Union does not own."""
    return Item.objects.filter(document=document, ownerships__body__code="TPCC").exclude(ownerships__body__code="AU")[0]


def test_an_items_annotation_is_json_ld_with_its_quote_and_permalink(api, opened, viewer, django_assert_num_queries):
    item = _tpcc_item(opened)
    client = api(viewer)
    # The token with the caller's roles, the item with its words around the quote, its owners, its links.
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/items/{item.pk}/annotation/")
    assert response.status_code == 200
    assert response["Content-Type"] == f'{LD}; profile="http://www.w3.org/ns/anno.jsonld"'
    annotation = response.json()
    assert annotation["id"] == f"{TRACKER}/items/S/2017/130/{item.key}/"
    assert annotation["target"]["selector"][0]["exact"] == item.quote
    (expanded,) = expand(annotation)
    assert expanded[OA + "hasTarget"][0][OA + "hasSelector"][0][OA + "exact"] == [{"@value": item.quote}]


def test_a_client_that_asks_for_plain_json_gets_the_same_annotation(api, opened, viewer):
    item = _tpcc_item(opened)
    client = api(viewer)
    as_ld = client.get(f"/api/v1/items/{item.pk}/annotation/", HTTP_ACCEPT=LD).json()
    response = client.get(f"/api/v1/items/{item.pk}/annotation/", HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json" and response.json() == as_ld


def test_an_unacceptable_accept_header_is_406_in_the_error_format(api, opened, viewer):
    item = _tpcc_item(opened)
    response = api(viewer).get(f"/api/v1/items/{item.pk}/annotation/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_an_anonymous_caller_is_refused(client, opened):
    item = _tpcc_item(opened)
    assert client.get(f"/api/v1/items/{item.pk}/annotation/").status_code == 401
    assert client.get(f"/api/v1/documents/{opened.pk}/annotations/").status_code == 401
    assert client.get(f"/api/v1/documents/{opened.pk}/annotations/page/").status_code == 401


def test_a_focal_point_gets_its_bodies_items_and_a_404_for_anothers(api, opened, tpcc_focal_point, au_focal_point):
    item = _tpcc_item(opened)
    assert api(tpcc_focal_point).get(f"/api/v1/items/{item.pk}/annotation/").status_code == 200
    refused = api(au_focal_point).get(f"/api/v1/items/{item.pk}/annotation/")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"


@pytest.mark.parametrize("pk", ["0", str(2**63), str(2**80)])
def test_an_unknown_item_is_404(api, opened, viewer, pk):
    response = api(viewer).get(f"/api/v1/items/{pk}/annotation/")
    assert response.status_code == 404 and response.json()["message"]


def test_the_collection_counts_the_items_and_links_its_first_page(api, opened, viewer, django_assert_num_queries):
    client = api(viewer)
    # The token, the document, the count.
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/documents/{opened.pk}/annotations/")
    assert response.status_code == 200 and response["Content-Type"].startswith(LD)
    collection = response.json()
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == Item.objects.filter(document=opened).count()
    assert collection["first"] == f"http://testserver/api/v1/documents/{opened.pk}/annotations/page/"
    (expanded,) = expand(collection)
    assert expanded[AS + "totalItems"][0]["@value"] == collection["total"]


def _walk(client, url) -> list[dict]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        url = pages[-1].get("next")
    return pages


def test_the_pages_hold_every_item_once_in_document_order(api, opened, viewer, django_assert_num_queries):
    client = api(viewer)
    first = f"/api/v1/documents/{opened.pk}/annotations/page/?page_size=10"
    # The token, the page with its words around the quotes, its owners, its links: whatever the page size.
    with django_assert_num_queries(4):
        client.get(first)
    with django_assert_num_queries(4):
        client.get(first.replace("10", "500"))
    pages = _walk(client, first)
    expected = Item.objects.filter(document=opened).order_by("paragraph__number", "seq")
    ids = [a["id"] for page in pages for a in page["items"]]
    assert ids == [f"{TRACKER}/items/S/2017/130/{item.key}/" for item in expected]
    assert all(len(page["items"]) == 10 for page in pages[:-1]) and "next" not in pages[-1]
    assert pages[0]["partOf"] == f"http://testserver/api/v1/documents/{opened.pk}/annotations/"
    assert all("@context" not in annotation for annotation in pages[0]["items"])
    (expanded,) = expand(pages[0])
    assert [a["@id"] for a in expanded[AS + "items"][0]["@list"]] == ids[:10]


def test_a_page_of_linked_items_names_their_links_in_the_same_queries(api, linked, viewer, django_assert_num_queries):
    client = api(viewer)
    later = linked[0].item.document
    first = f"/api/v1/documents/{later.pk}/annotations/page/?page_size=10"
    # The token, the page, its owners, its links: whatever the page size and however many links.
    with django_assert_num_queries(4):
        client.get(first)
    with django_assert_num_queries(4):
        annotations = client.get(first.replace("10", "500")).json()["items"]
    predecessors = {a["id"]: a["lineage"] for a in annotations if a["lineage"]}
    assert len(predecessors) == len(linked)
    earlier = f"{TRACKER}/items/S/2017/130/"
    assert all(lineage[0]["predecessor"].startswith(earlier) for lineage in predecessors.values())


def test_an_annotation_names_no_item_the_caller_may_not_see(api, linked, tpcc_focal_point):
    link = linked[0]
    tpcc = Body.objects.get(code="TPCC")
    ItemOwner.objects.get_or_create(item=link.earlier, body=tpcc)
    ItemOwner.objects.filter(item=link.item, body=tpcc).delete()
    annotation = api(tpcc_focal_point).get(f"/api/v1/items/{link.earlier_id}/annotation/").json()
    assert annotation["lineage"] == []
    ItemOwner.objects.create(item=link.item, body=tpcc)
    annotation = api(tpcc_focal_point).get(f"/api/v1/items/{link.earlier_id}/annotation/").json()
    assert [entry["relation"] for entry in annotation["lineage"]] == [link.relation]


def test_a_focal_point_s_collection_holds_its_bodies_items_only(api, opened, au_focal_point):
    client = api(au_focal_point)
    own = Item.objects.filter(document=opened, ownerships__body=Body.objects.get(code="AU")).distinct()
    assert own.exists()
    assert client.get(f"/api/v1/documents/{opened.pk}/annotations/").json()["total"] == own.count()
    pages = _walk(client, f"/api/v1/documents/{opened.pk}/annotations/page/")
    keys = {a["id"].rsplit("/", 2)[-2] for page in pages for a in page["items"]}
    assert keys == {item.key for item in own}


def test_the_page_order_cannot_be_changed(api, opened, viewer):
    url = f"/api/v1/documents/{opened.pk}/annotations/page/?page_size=5"
    client = api(viewer)
    assert client.get(url + "&ordering=-due_date").json()["items"] == client.get(url).json()["items"]


@pytest.mark.parametrize("query", ["cursor=bogus", "page_size=0", "page_size=501", "page_size=x"])
def test_a_bad_page_parameter_is_400(api, opened, viewer, query):
    response = api(viewer).get(f"/api/v1/documents/{opened.pk}/annotations/page/?{query}")
    assert response.status_code == 400 and response.json()["errors"]


@pytest.mark.parametrize("path", ["annotations/", "annotations/page/"])
@pytest.mark.parametrize("pk", ["0", str(2**63), str(2**80)])
def test_an_unknown_document_is_404(api, opened, viewer, path, pk):
    response = api(viewer).get(f"/api/v1/documents/{pk}/{path}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_schema_documents_the_annotation_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/items/{id}/annotation/",
        "/api/v1/documents/{document_pk}/annotations/",
        "/api/v1/documents/{document_pk}/annotations/page/",
    ):
        responses = paths[path]["get"]["responses"]
        assert {"200", "401", "404", "406"} <= set(responses), path
        assert set(responses["200"]["content"]) == {LD, "application/json"}, path
    annotation = paths["/api/v1/items/{id}/annotation/"]["get"]["responses"]["200"]["content"][LD]["schema"]
    assert {"@context", "id", "target", "body", "status", "owners", "lineage"} <= set(annotation["required"])
    page = paths["/api/v1/documents/{document_pk}/annotations/page/"]["get"]
    assert {p["name"] for p in page["parameters"]} >= {"cursor", "page_size"}


@pytest.fixture
def in_process_requests():
    """Django's test client keeps the test's connection open; calling the WSGI app directly needs the same."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("accept", [LD, "application/json"])
def test_real_answers_keep_to_the_published_schema(request, opened, coordinator, in_process_requests, accept):
    """Generated ids seldom name a real item: schemathesis checks here what the annotation endpoints answer."""
    import schemathesis
    from knox.models import AuthToken

    from tracker.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Token {AuthToken.objects.create(user=coordinator)[1]}", "Accept": accept}
    item = Item.objects.filter(document=opened, due_date__isnull=False).first() or Item.objects.first()
    undated = Item.objects.filter(document=opened, due_date__isnull=True).first()
    linked = request.getfixturevalue("linked")
    cases = [
        ("/api/v1/items/{id}/annotation/", {"id": linked[0].item_id}, {}),
        ("/api/v1/items/{id}/annotation/", {"id": linked[0].earlier_id}, {}),
        ("/api/v1/items/{id}/annotation/", {"id": item.pk}, {}),
        ("/api/v1/items/{id}/annotation/", {"id": undated.pk}, {}),
        ("/api/v1/documents/{document_pk}/annotations/", {"document_pk": opened.pk}, {}),
        ("/api/v1/documents/{document_pk}/annotations/page/", {"document_pk": opened.pk}, {"page_size": 500}),
    ]
    for path, parameters, query in cases:
        case = schema[path]["GET"].Case(path_parameters=parameters, query=query, headers=headers)
        response = case.call()
        assert response.status_code == 200, response.text
        case.validate_response(response)
