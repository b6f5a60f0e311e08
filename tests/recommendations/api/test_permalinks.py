"""An item's permalink: its page to people, its annotation to programs; and the tracker's JSON-LD context."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import annotations
from recommendations.models import Item

from ..jsonld import OA, TRACKER, expand

pytestmark = pytest.mark.django_db

LD = "application/ld+json"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = TRACKER


def _tpcc_item(document) -> Item:
    """An item of the troop- and police-contributing countries that the African Union does not own."""
    items = Item.objects.filter(document=document, ownerships__body__code="TPCC").exclude(ownerships__body__code="AU")
    return items.select_related("document", "paragraph")[0]


def _permalink(item: Item) -> str:
    return f"/items/S/2017/130/{item.key}/"


def test_a_person_who_is_not_logged_in_is_sent_to_the_admin_login_and_back(client, opened):
    path = _permalink(_tpcc_item(opened))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={quote(path)}"
    assert "Accept" in response["Vary"]


def test_a_logged_in_person_is_sent_to_the_items_page(client, opened, viewer, django_assert_num_queries):
    item = _tpcc_item(opened)
    path = _permalink(item)
    client.force_login(viewer)
    # The session, its user, the item, whether the user may see it.
    with django_assert_num_queries(4):
        response = client.get(path, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:recommendations_item_change", args=[item.pk])
    assert client.get(response["Location"]).status_code == 200


def test_a_focal_point_gets_its_own_item_and_the_admins_refusal_for_anothers(
    client, opened, tpcc_focal_point, au_focal_point
):
    item = _tpcc_item(opened)
    client.force_login(tpcc_focal_point)
    assert client.get(_permalink(item)).status_code == 302
    client.force_login(au_focal_point)
    refused = client.get(_permalink(item))
    admin_page = client.get(reverse("admin:recommendations_item_change", args=[item.pk]))
    assert refused.status_code == admin_page.status_code == 403
    message = f"{item.reference} belongs to bodies you are not a focal point of."
    assert message in refused.content.decode() and message in admin_page.content.decode()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/items/S/2099/1/1-1/", "No document S/2099/1 has been imported."),
        ("/items/S/2017/130/999-1/", "S/2017/130 has no item 999-1."),
        ("/items/S/2017/130/109/", "“109” is not an item&#x27;s key: a paragraph number and a position"),
        ("/items/S/2017/130/99999999999999999999-1/", "is not an item&#x27;s key"),
        ("/items/S/2017/130/1-99999999999999999999/", "is not an item&#x27;s key"),
    ],
)
def test_a_permalink_that_names_no_item_is_404_saying_why(client, opened, coordinator, path, message):
    client.force_login(coordinator)
    response = client.get(path)
    assert response.status_code == 404
    assert message in response.content.decode()


def test_a_program_gets_the_annotation_with_the_apis_authentication(api, opened, viewer, django_assert_num_queries):
    item = _tpcc_item(opened)
    path = _permalink(item)
    client = api(viewer)
    # The token with the caller's roles, the item with its words around the quote, its owners, its links.
    with django_assert_num_queries(4):
        response = client.get(path, HTTP_ACCEPT=LD)
    assert response.status_code == 200 and response["Content-Type"].startswith(LD)
    assert "Accept" in response["Vary"]
    annotation = response.json()
    assert annotation["id"] == TRACKER + _permalink(item)
    assert annotation == client.get(f"/api/v1/items/{item.pk}/annotation/").json()
    (expanded,) = expand(annotation)
    assert expanded[OA + "hasTarget"][0][OA + "hasSelector"][0][OA + "exact"] == [{"@value": item.quote}]


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        (f'{LD}; profile="http://www.w3.org/ns/anno.jsonld"', f'{LD}; profile="http://www.w3.org/ns/anno.jsonld"'),
        ("application/json", "application/json"),
    ],
)
def test_the_annotation_protocols_accept_and_plain_json_are_answered(api, opened, viewer, accept, answered):
    item = _tpcc_item(opened)
    response = api(viewer).get(_permalink(item), HTTP_ACCEPT=accept)
    assert response.status_code == 200 and response["Content-Type"] == answered
    assert response.json()["id"] == TRACKER + _permalink(item)
    assert api(viewer).get(f"/api/v1/items/{item.pk}/annotation/", HTTP_ACCEPT=accept)["Content-Type"] == answered


def test_the_preferred_type_wins(api, opened, viewer):
    item = _tpcc_item(opened)
    client = api(viewer)
    prefers_ld = client.get(_permalink(item), HTTP_ACCEPT=f"text/html;q=0.5, {LD}")
    assert prefers_ld.status_code == 200 and prefers_ld["Content-Type"].startswith(LD)
    prefers_html = client.get(_permalink(item), HTTP_ACCEPT=f"text/html, {LD};q=0.5")
    assert prefers_html.status_code == 302


def test_a_program_without_credentials_is_401_and_another_bodys_item_is_404(client, api, opened, au_focal_point):
    item = _tpcc_item(opened)
    anonymous = client.get(_permalink(item), HTTP_ACCEPT=LD)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    hidden = api(au_focal_point).get(_permalink(item), HTTP_ACCEPT=LD)
    assert hidden.status_code == 404
    assert hidden.json()["message"] == f"S/2017/130 has no item {item.key}, or it is not one of your bodies' items."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/items/S/2099/1/1-1/", "No document S/2099/1 has been imported."),
        ("/items/S/2017/130/abc/", "“abc” is not an item's key: a paragraph number and a position, such as 109-1."),
    ],
)
def test_a_program_is_told_why_a_permalink_names_no_item(api, opened, viewer, path, message):
    response = api(viewer).get(path, HTTP_ACCEPT=LD)
    assert response.status_code == 404 and response.json()["message"] == message


def test_an_unacceptable_accept_header_is_406(api, opened, viewer):
    response = api(viewer).get(_permalink(_tpcc_item(opened)), HTTP_ACCEPT="image/png")
    assert response.status_code == 406
    assert "text/html, application/ld+json or application/json" in response.content.decode()


def test_only_reading_is_allowed(api, opened, viewer):
    assert api(viewer).post(_permalink(_tpcc_item(opened)), HTTP_ACCEPT=LD).status_code == 405


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    symbol=st.text(min_size=1, max_size=80).filter(lambda s: "\x00" not in s),
    key=st.one_of(st.text(min_size=1, max_size=30), st.from_regex(r"\A[0-9]{1,25}-[0-9]{1,25}\Z")),
    accept=st.sampled_from(["text/html", LD]),
)
def test_no_permalink_is_a_server_error(client, api, opened, coordinator, symbol, key, accept):
    client.force_login(coordinator)
    path = f"/items/{quote(symbol, safe='/')}/{quote(key, safe='')}/"
    caller = api(coordinator) if accept == LD else client
    assert caller.get(path, HTTP_ACCEPT=accept).status_code in (200, 301, 302, 404)


def test_the_tracker_context_is_public_cacheable_and_the_file_in_the_repository(client):
    response = client.get("/ns/tracker.jsonld")
    assert response.status_code == 200 and response["Content-Type"] == LD
    assert response.content == (annotations.CONTEXT_FILES / "tracker.jsonld").read_bytes()
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/ns/tracker.jsonld", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_reason_is_given_in_the_readers_language(client, opened, coordinator):
    client.force_login(coordinator)
    response = client.get("/items/S/2099/1/1-1/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404 and "尚未导入文件 S/2099/1。" in response.content.decode()
