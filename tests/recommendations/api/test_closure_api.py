"""Closure review through the API: accept_closure and return_closure as transitions an integrating system posts."""

import pytest

from recommendations.models import Item
from recommendations.services import propose_closure

from .conftest import etag_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(opened, tpcc_focal_point):
    item = Item.objects.get(paragraph__number=109)
    return propose_closure(item=item, actor=tpcc_focal_point, evidence_url="https://example.org/report")


def _post(client, item, body):
    return client.post(f"/api/v1/items/{item.pk}/transitions/", body, HTTP_IF_MATCH=etag_of(client, item.pk))


def test_a_coordinator_accepts_a_proposed_closure(api, item, coordinator):
    response = _post(api(coordinator), item, {"action": "accept_closure", "comment": "convincing"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["closure_proposed"], body["version"]) == ("implemented", False, item.version + 1)
    event = api(coordinator).get(f"/api/v1/items/{item.pk}/events/").json()[-1]
    assert (event["kind"], event["action"], event["evidence_url"], event["comment"]) == (
        "status",
        "accept_closure",
        "https://example.org/report",
        "convincing",
    )


def test_a_coordinator_returns_a_proposed_closure_with_a_comment(api, item, coordinator):
    response = _post(api(coordinator), item, {"action": "return_closure", "comment": "which report?"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["closure_proposed"]) == ("open", False)
    event = api(coordinator).get(f"/api/v1/items/{item.pk}/events/").json()[-1]
    assert (event["kind"], event["action"], event["comment"]) == ("status", "return_closure", "which report?")


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"action": "return_closure"}, 400, "invalid", "comment"),
        (
            {"action": "accept_closure", "evidence_symbol": "S/PRST/2015/26"},
            400,
            "evidence_not_taken",
            "evidence_symbol",
        ),
        (
            {"action": "accept_closure", "evidence_url": "https://example.org/x"},
            400,
            "evidence_not_taken",
            "evidence_url",
        ),
    ],
)
def test_bad_review_input_is_400_naming_the_field(api, item, coordinator, body, status, code, field):
    response = _post(api(coordinator), item, body)
    assert response.status_code == status, response.content
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == (code, field)
    assert Item.objects.get(pk=item.pk).version == item.version


@pytest.mark.parametrize("action", ["accept_closure", "return_closure"])
def test_a_focal_point_may_not_review_even_its_own_proposal(api, item, tpcc_focal_point, action):
    response = _post(api(tpcc_focal_point), item, {"action": action, "comment": "fine by me"})
    assert response.status_code == 403 and response.json()["code"] == "not_permitted"
    assert Item.objects.get(pk=item.pk).closure_proposed


@pytest.mark.parametrize("action", ["accept_closure", "return_closure"])
def test_a_review_without_a_proposal_is_409(api, opened, coordinator, action):
    item = Item.objects.get(paragraph__number=105)
    response = _post(api(coordinator), item, {"action": action, "comment": "?"})
    assert response.status_code == 409 and response.json()["code"] == "transition_not_allowed"
    assert "no closure is proposed for S/2017/130 ¶105" in response.json()["message"]


def test_the_schema_lists_the_review_actions(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    actions = schema["components"]["schemas"]["ActionEnum"]["enum"]
    assert {"accept_closure", "return_closure", "implement"} <= set(actions)
