"""Tokens, throttling, and who sees what on every endpoint."""

import base64
import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from recommendations import permissions
from recommendations.models import Body, Item, Membership

from .conftest import etag_of

pytestmark = pytest.mark.django_db


def test_login_with_a_password_gives_a_token_stored_only_as_a_hash(client, coordinator):
    basic = base64.b64encode(b"coordinator:secret-password").decode()
    response = client.post("/api/v1/auth/login/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=coordinator)
    assert token not in (stored.digest, stored.token_key) and stored.expiry > timezone.now()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["username"] == "coordinator"


def test_expired_and_revoked_tokens_are_refused(api, coordinator):
    client = api(coordinator)
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401
    client = api(coordinator)
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_a_token_is_refused_once_its_user_is_deactivated_and_carries_the_whole_user(api, coordinator):
    coordinator.last_login = timezone.now()
    coordinator.save()
    client = api(coordinator)
    me = client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "coordinator"
    request_user = me.wsgi_request.user
    stored = type(coordinator).objects.get(pk=coordinator.pk)
    assert [getattr(request_user, f.attname) for f in stored._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in stored._meta.concrete_fields
    ]
    type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_a_token_that_is_not_utf8_is_refused_not_an_error(client, opened):
    response = client.get("/api/v1/items/", HTTP_AUTHORIZATION="Token caf\xe9")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_roles_and_bodies_are_read_with_the_token_on_every_request(api, opened, tpcc_focal_point):
    """The caller rides on the token's query: a change of group or body shows on the very next request."""
    coordinators = Group.objects.get(name=permissions.COORDINATORS)
    tpcc_focal_point.groups.add(coordinators)
    client = api(tpcc_focal_point)

    def owners_seen():
        rows = client.get("/api/v1/items/", {"page_size": 100}).json()["results"]
        return [{o["body"] for o in row["owners"]} for row in rows]

    assert len(owners_seen()) == Item.objects.count()
    tpcc_focal_point.groups.remove(coordinators)
    own = owners_seen()
    assert own and all("TPCC" in bodies for bodies in own)
    Membership.objects.create(user=tpcc_focal_point, body=Body.objects.get(code="AU"))
    both = owners_seen()
    assert len(both) > len(own) and all(bodies & {"TPCC", "AU"} for bodies in both)
    assert any("AU" in bodies and "TPCC" not in bodies for bodies in both)
    Membership.objects.filter(user=tpcc_focal_point).delete()
    assert owners_seen() == []


def test_throttled_requests_get_429_with_retry_after(api, coordinator, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "3/minute", raising=False)
    client = api(coordinator)
    codes = [client.get("/api/v1/bodies/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/bodies/")
    assert int(response["Retry-After"]) > 0 and response.json()["code"] == "throttled"


def test_me_lists_roles_bodies_open_items_and_a_calendar(api, opened, tpcc_focal_point):
    me = api(tpcc_focal_point).get("/api/v1/me/").json()
    assert me["roles"] == ["focal point"]
    assert me["bodies"] == [{"code": "TPCC", "role": "lead"}]
    tpcc_items = Item.objects.filter(ownerships__body__code="TPCC").select_related("paragraph")
    assert {i["key"] for i in me["open_items"]} == {item.key for item in tpcc_items}
    assert me["calendar_url"].endswith(".ics")


def test_personal_calendar_lists_due_dates_and_its_address_can_be_rotated(client, api, opened, tpcc_focal_point):
    from icalendar import Calendar

    from recommendations.services import set_due_date

    item = Item.objects.get(paragraph__number=109)
    set_due_date(item=item, actor=None, due_date=datetime.date(2027, 3, 31))
    set_due_date(item=Item.objects.get(paragraph__number=44), actor=None, due_date=datetime.date(2027, 4, 1))
    api_client = api(tpcc_focal_point)
    url = api_client.get("/api/v1/me/").json()["calendar_url"]
    feed = client.get(url)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert [(str(e["summary"]).split(":")[0], e.decoded("dtstart")) for e in events] == [
        ("S/2017/130 ¶109", datetime.date(2027, 3, 31))
    ]  # the AU's item is not in the TPCC focal point's calendar
    new_url = api_client.post("/api/v1/me/calendar/rotate/").json()["calendar_url"]
    assert new_url != url and client.get(url).status_code == 404 and client.get(new_url).status_code == 200


def test_body_calendar(api, opened, coordinator):
    from recommendations.services import set_due_date

    set_due_date(item=Item.objects.get(paragraph__number=44), actor=None, due_date=datetime.date(2027, 4, 1))
    response = api(coordinator).get("/api/v1/bodies/AU/calendar/")
    assert response.status_code == 200 and b"S/2017/130 \xc2\xb644" in response.content


def test_summary_report(api, opened, coordinator, au_focal_point):
    summary = api(coordinator).get("/api/v1/reports/summary/").json()
    assert summary["by_status"]["open"] == 35
    row = next(r for r in summary["by_body"] if r["body"] == "AU")
    assert row["tracked"] == 4 and row["implementation_rate"] == 0
    assert api(au_focal_point).get("/api/v1/reports/summary/").json()["by_status"]["open"] == 4


ENDPOINTS = [
    ("get", "/api/v1/items/"),
    ("get", "/api/v1/events/"),
    ("get", "/api/v1/documents/"),
    ("get", "/api/v1/bodies/"),
    ("get", "/api/v1/me/"),
    ("get", "/api/v1/reports/summary/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_refuses_anonymous_callers(client, opened, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 401 and response.json()["status"] == 401


ROLES = ["coordinator", "tpcc_focal_point", "au_focal_point", "viewer", "outsider"]
OWN = {"tpcc_focal_point": 109, "au_focal_point": 44}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_over_the_item_endpoints(api, opened, request, role):
    client = api(request.getfixturevalue(role))
    visible_all = role in ("coordinator", "viewer")
    for number in (109, 44):
        item = Item.objects.get(paragraph__number=number)
        own = OWN.get(role) == number
        sees = visible_all or own
        base = f"/api/v1/items/{item.pk}/"
        listed = {r["id"] for r in client.get("/api/v1/items/", {"page_size": 500}).json()["results"]}
        assert (item.pk in listed) == sees, "list leakage"
        assert client.get(base).status_code == (200 if sees else 404)
        assert client.get(base + "events/").status_code == (200 if sees else 404)
        if not sees:
            assert client.post(base + "comments/", {"comment": "x"}, HTTP_IF_MATCH="*").status_code == 404
            continue
        tag = etag_of(client, item.pk)
        comment = client.post(base + "comments/", {"comment": f"by {role}"}, HTTP_IF_MATCH=tag)
        assert comment.status_code == (201 if role == "coordinator" or own else 403)
        tag = etag_of(client, item.pk)
        patch = client.patch(base, {"summary": f"by {role}"}, HTTP_IF_MATCH=tag)
        assert patch.status_code == (200 if role == "coordinator" else 403)
        tag = etag_of(client, item.pk)
        withdraw = client.post(base + "transitions/", {"action": "withdraw"}, HTTP_IF_MATCH=tag)
        assert withdraw.status_code == (200 if role == "coordinator" else 403)
    paragraph = client.get(f"/api/v1/documents/{opened.pk}/paragraphs/44/").json()
    assert bool(paragraph.get("items")) == (visible_all or role == "au_focal_point")
