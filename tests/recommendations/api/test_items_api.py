"""The item endpoints as an integrating system uses them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import Body, Item, ItemOwner
from recommendations.services import set_due_date

from .conftest import etag_of

pytestmark = pytest.mark.django_db


def _all_pages(client, url, params=None):
    rows, response = [], client.get(url, params or {})
    while True:
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        if not response.json()["next"]:
            return rows
        response = client.get(response.json()["next"])


def test_anonymous_requests_get_401_in_the_error_format(client, opened):
    response = client.get("/api/v1/items/")
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == 401 and body["code"] == "not_authenticated" and body["message"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_list_pages_with_a_cursor_through_every_visible_item(api, opened, coordinator):
    rows = _all_pages(api(coordinator), "/api/v1/items/", {"page_size": 7})
    assert len(rows) == 35 and len({r["id"] for r in rows}) == 35
    assert [r["key"] for r in rows[:3]] == ["18-1", "18-2", "19-1"]
    first = rows[-1]
    assert first["reference"] == "S/2017/130 ¶110"
    assert first["owners"] == [{"body": "WG", "role": "lead"}, {"body": "SEC", "role": "supporting"}]


def test_focal_point_lists_only_its_bodies_items_and_gets_404_for_others(api, opened, au_focal_point):
    client = api(au_focal_point)
    keys = {r["key"] for r in _all_pages(client, "/api/v1/items/")}
    assert keys == {"41-1", "42-1", "44-1", "45-1"}
    other = Item.objects.get(paragraph__number=109)
    assert client.get(f"/api/v1/items/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/items/{other.pk}/comments/", {"comment": "x"}, HTTP_IF_MATCH="*").status_code == 404


@pytest.mark.parametrize(
    ("params", "keys"),
    [
        ({"body": "AU"}, {"41-1", "42-1", "44-1", "45-1"}),
        ({"kind": "conclusion"}, {"104-1"}),
        ({"paragraph": "19"}, {"19-1", "19-2"}),
        ({"q": "辅助部队"}, {"103-2", "103-3"}),  # Chinese words in the quote
        ({"q": "enabling units"}, {"103-2", "103-3"}),  # English words in the summary
        ({"status": ["open", "in_progress"], "kind": "concern"}, {"19-1", "19-2", "44-1", "81-1"}),
        ({"document": "S/2017/130", "response": "accepted"}, set()),
    ],
)
def test_filters(api, opened, coordinator, params, keys):
    rows = _all_pages(api(coordinator), "/api/v1/items/", params)
    assert {r["key"] for r in rows} == keys


def test_due_overdue_stale_and_updated_since_filters(api, opened, coordinator):
    today = timezone.localdate()
    set_due_date(
        item=Item.objects.get(paragraph__number=109), actor=coordinator, due_date=today - datetime.timedelta(1)
    )
    set_due_date(
        item=Item.objects.get(paragraph__number=105), actor=coordinator, due_date=today + datetime.timedelta(9)
    )
    Item.objects.filter(paragraph__number=22).update(last_activity_at=timezone.now() - datetime.timedelta(days=99))
    client = api(coordinator)

    def keys(**params):
        return {r["key"] for r in _all_pages(client, "/api/v1/items/", params)}

    assert keys(overdue="true") == {"109-1"}
    assert keys(stale="true") == {"22-1"}
    assert keys(due_before=(today + datetime.timedelta(10)).isoformat()) == {"109-1", "105-1"}
    assert keys(due_after=today.isoformat()) == {"105-1"}
    since = (timezone.now() - datetime.timedelta(seconds=5)).isoformat()
    Item.objects.filter(paragraph__number=106).update(updated_at=timezone.now() + datetime.timedelta(seconds=1))
    assert "106-1" in keys(updated_since=since)


@pytest.mark.parametrize("ordering", ["reference", "-reference", "due_date", "-due_date", "updated", "-updated"])
def test_every_ordering_pages_through_all_items_once(api, opened, coordinator, ordering):
    for days, number in ((3, 104), (1, 105), (2, 106)):
        item = Item.objects.get(paragraph__number=number)
        set_due_date(item=item, actor=coordinator, due_date=timezone.localdate() + datetime.timedelta(days))
    rows = _all_pages(api(coordinator), "/api/v1/items/", {"ordering": ordering, "page_size": 4})
    assert len(rows) == 35 and len({r["id"] for r in rows}) == 35
    if ordering == "due_date":
        assert [r["key"] for r in rows[:3]] == ["105-1", "106-1", "104-1"]
        assert rows[-1]["due_date"] is None  # no due date sorts last
    if ordering == "-reference":
        assert rows[0]["key"] == "110-1"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "garbage"}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"ordering": "colour"}, "ordering"),
        ({"status": "finished"}, "status"),
        ({"due_before": "tomorrow"}, "due_before"),
        ({"overdue": "perhaps"}, "overdue"),
    ],
)
def test_bad_query_parameters_are_400_naming_the_parameter(api, opened, coordinator, params, field):
    response = api(coordinator).get("/api/v1/items/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == field and body["message"].startswith(f"{field}:")


def _add_items(document, count):
    template = document.items.get(paragraph__number=104)
    fields = ("document", "paragraph", "kind", "status", "quote", "quote_start", "quote_end", "quote_hash")
    values = {name: getattr(template, name) for name in fields}
    items = Item.objects.bulk_create(Item(seq=100 + n, **values) for n in range(count))
    sec, sc = Body.objects.get(code="SEC"), Body.objects.get(code="SC")
    ItemOwner.objects.bulk_create(ItemOwner(item=i, body=b) for i in items for b in (sec, sc))


@pytest.mark.parametrize("role", ["coordinator", "tpcc_focal_point"])
def test_a_list_request_is_four_queries_whatever_the_page_size(api, opened, request, role):
    _add_items(opened, 300)
    client = api(request.getfixturevalue(role))
    counts = []
    for size in (5, 200):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/items/", {"page_size": size, "ordering": "-reference"})
        assert response.status_code == 200 and len(response.json()["results"]) >= min(size, 11)
        counts.append(len(queries))
    # the token with its user and roles, the page of items (visibility inside it), their owners, their links
    assert counts == [4, 4]


def test_item_carries_an_etag_and_writes_need_if_match(api, opened, coordinator):
    client = api(coordinator)
    item = Item.objects.get(paragraph__number=109)
    tag = etag_of(client, item.pk)
    assert tag == f'"{item.pk}-{item.version}"'
    url = f"/api/v1/items/{item.pk}/"
    missing = client.patch(url, {"summary": "x"})
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    ok = client.patch(url, {"summary": "Tripartite consultations", "due_date": "2027-01-31"}, HTTP_IF_MATCH=tag)
    assert ok.status_code == 200, ok.content
    assert ok["ETag"] != tag and ok.json()["summary"] == "Tripartite consultations"
    stale = client.patch(url, {"summary": "lost update"}, HTTP_IF_MATCH=tag)
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert Item.objects.get(pk=item.pk).summary == "Tripartite consultations"


def _patch_summary(client, item, if_match):
    return client.patch(f"/api/v1/items/{item.pk}/", {"summary": "changed"}, HTTP_IF_MATCH=if_match)


def test_a_weak_etag_never_satisfies_if_match_and_changes_nothing(api, opened, coordinator):
    client = api(coordinator)
    item = Item.objects.get(paragraph__number=109)
    response = _patch_summary(client, item, f"W/{etag_of(client, item.pk)}")
    assert response.status_code == 412 and response.json()["code"] == "precondition_failed"
    after = Item.objects.get(pk=item.pk)
    assert (after.version, after.summary) == (item.version, item.summary)


def test_if_match_star_accepts_whatever_version_is_current(api, opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    response = _patch_summary(api(coordinator), item, "*")
    assert response.status_code == 200, response.content
    assert Item.objects.get(pk=item.pk).version == item.version + 1


def test_an_if_match_list_is_satisfied_by_any_strong_tag_that_is_current(api, opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    current, older = f'"{item.pk}-{item.version}"', f'"{item.pk}-{item.version - 1}"'
    response = _patch_summary(api(coordinator), item, f'{older}, W/{current},, "other" ,{current}')
    assert response.status_code == 200, response.content
    assert Item.objects.get(pk=item.pk).summary == "changed"


@pytest.mark.parametrize(
    "header",
    [
        "{pk}-{version}",  # not quoted
        '"{pk}-{version}',  # not closed
        '"{pk}-{version}" "{pk}-{version}"',  # no comma
        '*, "{pk}-{version}"',  # a star is alone or not at all
        'X/"{pk}-{version}"',
        '"{pk}-0{version}"',  # another string than the ETag, so no strong match
        '"{pk}-{version}{big}"',
    ],
)
def test_a_malformed_or_unmatched_if_match_is_412_in_the_error_format(api, opened, coordinator, header):
    item = Item.objects.get(paragraph__number=109)
    header = header.format(pk=item.pk, version=item.version, big="9" * 5000)
    response = _patch_summary(api(coordinator), item, header)
    assert response.status_code == 412, response.content
    body = response.json()
    assert body["status"] == 412 and body["code"] == "precondition_failed" and body["message"]
    assert Item.objects.get(pk=item.pk).version == item.version


def test_transition_through_the_api(api, opened, tpcc_focal_point):
    client = api(tpcc_focal_point)
    item = Item.objects.get(paragraph__number=109)
    url = f"/api/v1/items/{item.pk}/transitions/"
    started = client.post(url, {"action": "start", "comment": "on it"}, HTTP_IF_MATCH=etag_of(client, item.pk))
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    again = client.post(url, {"action": "start"}, HTTP_IF_MATCH=started["ETag"])
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    forbidden = client.post(url, {"action": "withdraw"}, HTTP_IF_MATCH=started["ETag"])
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "not_permitted"
    events = client.get(f"/api/v1/items/{item.pk}/events/").json()
    assert [e["action"] for e in events][-1] == "start" and events[-1]["actor"] == "tpcc-focal"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"action": "implement"}, "evidence_invalid", "evidence"),
        ({"action": "implement", "evidence_symbol": "S/RES/2436"}, "invalid_symbol", "evidence_symbol"),
        ({"action": "implement", "evidence_url": "not a url"}, "invalid", "evidence_url"),
        ({"action": "explode"}, "invalid_choice", "action"),
        ({"action": "start", "colour": "red"}, "unknown_field", "colour"),
        ({"action": 12}, "wrong_type", "action"),
    ],
)
def test_bad_transition_input_is_400_naming_the_field(api, opened, coordinator, body, code, field):
    client = api(coordinator)
    item = Item.objects.get(paragraph__number=109)
    response = client.post(f"/api/v1/items/{item.pk}/transitions/", body, HTTP_IF_MATCH=etag_of(client, item.pk))
    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == (code, field)


def test_malformed_json_wrong_types_and_oversize_bodies_are_4xx(api, opened, coordinator, settings):
    client = api(coordinator)
    item = Item.objects.get(paragraph__number=109)
    url, tag = f"/api/v1/items/{item.pk}/", etag_of(client, item.pk)
    broken = client.generic("PATCH", url, "{not json", content_type="application/json", HTTP_IF_MATCH=tag)
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    wrong = client.patch(url, {"priority": "urgent", "due_date": 5}, HTTP_IF_MATCH=tag)
    assert wrong.status_code == 400 and {e["field"] for e in wrong.json()["errors"]} == {"priority", "due_date"}
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    huge = client.patch(url, {"summary": "x" * 5000}, HTTP_IF_MATCH=tag)
    assert huge.status_code == 413 and huge.json()["code"] == "payload_too_large"


def test_coordinator_creates_and_deletes_an_item(api, opened, coordinator, tpcc_focal_point):
    data = {"document": "S/2017/130", "paragraph": 41, "quote_start": 0, "quote_end": 20, "kind": "emphasis",
            "owners": [{"body": "AU", "role": "lead"}]}  # fmt: skip
    assert api(tpcc_focal_point).post("/api/v1/items/", data, format="json").status_code == 403
    client = api(coordinator)
    created = client.post("/api/v1/items/", data, format="json")
    assert created.status_code == 201, created.content
    item = created.json()
    assert (
        item["key"] == "41-2"
        and item["status"] == "open"
        and item["quote"] == opened.paragraphs.get(number=41).text[:20]
    )
    outside = client.post("/api/v1/items/", dict(data, quote_end=5000), format="json")
    assert outside.status_code == 400 and outside.json()["errors"][0]["field"] == "quote_end"
    url = f"/api/v1/items/{item['id']}/"
    assert client.delete(url).status_code == 428
    assert client.delete(url, HTTP_IF_MATCH=created["ETag"]).status_code == 204
    assert client.get(url).status_code == 404


def test_comments_progress_and_the_event_feed(api, opened, tpcc_focal_point, au_focal_point):
    client = api(tpcc_focal_point)
    item = Item.objects.get(paragraph__number=109)
    commented = client.post(f"/api/v1/items/{item.pk}/comments/", {"comment": "Met on 3 March"},
                            HTTP_IF_MATCH=etag_of(client, item.pk))  # fmt: skip
    assert commented.status_code == 201
    progressed = client.post(f"/api/v1/items/{item.pk}/progress/", {"percent": 60, "comment": "half"},
                             HTTP_IF_MATCH=commented["ETag"])  # fmt: skip
    assert progressed.status_code == 201 and progressed.json()["progress"] == 60
    feed = client.get("/api/v1/events/", {"item": item.pk}).json()["results"]
    assert [e["kind"] for e in feed][-2:] == ["comment", "progress"]
    assert not [e for e in api(au_focal_point).get("/api/v1/events/").json()["results"] if e["item"] == item.pk]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_of_a_filtered_list_in_the_import_schema(api, opened, coordinator, fmt):
    from recommendations.services import exchange

    response = api(coordinator).get(f"/api/v1/items/export/{fmt}/", {"kind": "recommendation"})
    assert response.status_code == 200 and response["Content-Type"] == exchange.FORMATS[fmt]
    rows = exchange.read_rows(response.getvalue(), fmt)
    assert len(rows) == 6 and {r["kind"] for r in rows} == {"recommendation"}


def test_a_list_row_and_an_item_page_say_the_same(api, opened, coordinator):
    """The list writes rows by hand for speed; it must match the serializer field for field."""
    client = api(coordinator)
    set_due_date(item=Item.objects.get(paragraph__number=109), actor=coordinator, due_date=datetime.date(2020, 1, 1))
    for row in _all_pages(client, "/api/v1/items/", {"page_size": 500}):
        assert client.get(f"/api/v1/items/{row['id']}/").json() == row
