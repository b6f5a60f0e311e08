"""Lineage in the API: an item's confirmed links to other reports' items, both ways, on its page and in lists."""

import pytest

from recommendations.models import Body, Item, ItemOwner, Link

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _entry(link: Link, direction: str) -> dict:
    other = link.earlier if direction == "earlier" else link.item
    return {
        "relation": link.relation,
        "direction": direction,
        "item": other.pk,
        "reference": other.reference,
        "key": other.key,
        "document": other.document.symbol,
        "url": f"{SITE}/api/v1/items/{other.pk}/",
    }


def test_an_items_page_names_its_confirmed_links_both_ways(api, linked, coordinator, django_assert_num_queries):
    client = api(coordinator)
    for link in linked:
        # The token with the caller's roles, the item with its document and paragraph, its owners, its links.
        with django_assert_num_queries(4):
            later = client.get(f"/api/v1/items/{link.item_id}/").json()
        assert later["lineage"] == [_entry(link, "earlier")]
        earlier = client.get(f"/api/v1/items/{link.earlier_id}/").json()
        assert earlier["lineage"] == [_entry(link, "later")]
        assert earlier["lineage"][0]["document"] == "S/2095/130" and later["lineage"][0]["document"] == "S/2017/130"
    # The relation a coordinator chose, not the one proposed; the address is the other item's in the API.
    assert [link.relation for link in linked][1] == "supersedes"
    url = client.get(f"/api/v1/items/{linked[0].item_id}/").json()["lineage"][0]["url"]
    assert client.get(url.removeprefix(SITE)).json()["id"] == linked[0].earlier_id


def test_proposed_and_rejected_links_are_shown_nowhere(api, linked, coordinator):
    client = api(coordinator)
    for state in (Link.State.PROPOSED, Link.State.REJECTED):
        link = Link.objects.filter(state=state).first()
        assert link is not None, state
        for pk in (link.item_id, link.earlier_id):
            assert client.get(f"/api/v1/items/{pk}/").json()["lineage"] == [], state
    shown = {entry["item"] for item in _walk(client, "/api/v1/items/?page_size=200") for entry in item["lineage"]}
    assert shown == {pk for link in linked for pk in (link.item_id, link.earlier_id)}


def _walk(client, url) -> list[dict]:
    results = []
    while url:
        page = client.get(url).json()
        results += page["results"]
        url = page["next"]
    return results


def test_the_list_writes_the_same_lineage_as_the_items_page(api, linked, coordinator):
    client = api(coordinator)
    listed = {item["id"]: item for item in _walk(client, "/api/v1/items/?page_size=200")}
    for link in linked:
        for pk in (link.item_id, link.earlier_id):
            assert listed[pk] == client.get(f"/api/v1/items/{pk}/").json()


def test_a_focal_point_is_shown_links_to_its_bodies_items_only(api, linked, coordinator, tpcc_focal_point):
    link = linked[0]
    tpcc = Body.objects.get(code="TPCC")
    for item in (link.item, link.earlier):
        ItemOwner.objects.get_or_create(item=item, body=tpcc)
    client = api(tpcc_focal_point)
    assert client.get(f"/api/v1/items/{link.earlier_id}/").json()["lineage"] == [_entry(link, "later")]
    # The later item passes to another body: the focal point no longer sees it, nor is it named to them.
    ItemOwner.objects.filter(item=link.item, body=tpcc).delete()
    assert client.get(f"/api/v1/items/{link.item_id}/").status_code == 404
    assert client.get(f"/api/v1/items/{link.earlier_id}/").json()["lineage"] == []
    listed = {item["id"]: item for item in _walk(client, "/api/v1/items/?page_size=200")}
    assert listed[link.earlier_id]["lineage"] == []
    assert api(coordinator).get(f"/api/v1/items/{link.earlier_id}/").json()["lineage"] == [_entry(link, "later")]


def test_the_caller_s_open_items_carry_their_lineage(api, linked, coordinator):
    link = linked[0]
    Item.objects.filter(pk=link.earlier_id).update(status=Item.Status.OPEN)
    mine = {item["id"]: item for item in api(coordinator).get("/api/v1/me/").json()["open_items"]}
    assert mine[link.earlier_id]["lineage"] == [_entry(link, "later")]


def test_the_schema_describes_an_items_lineage(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    lineage = components["Item"]["properties"]["lineage"]
    assert lineage["readOnly"] and lineage["items"]["$ref"] == "#/components/schemas/Lineage"
    entry = components["Lineage"]
    assert set(entry["required"]) == {"relation", "direction", "item", "reference", "key", "document", "url"}
    assert components["ExportRow"]["properties"]["lineage"]["description"].startswith("confirmed links")


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


def test_items_with_lineage_keep_to_the_published_schema(linked, coordinator, in_process_requests):
    """Generated ids seldom name a linked item: schemathesis checks here what the item endpoints answer."""
    import schemathesis
    from knox.models import AuthToken

    from tracker.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Token {AuthToken.objects.create(user=coordinator)[1]}"}
    cases = [
        ("/api/v1/items/{id}/", {"id": linked[0].item_id}, {}),
        ("/api/v1/items/{id}/", {"id": linked[0].earlier_id}, {}),
        ("/api/v1/items/", {}, {"page_size": 200}),
    ]
    for path, parameters, query in cases:
        case = schema[path]["GET"].Case(path_parameters=parameters, query=query, headers=headers)
        response = case.call()
        assert response.status_code == 200, response.text
        case.validate_response(response)
