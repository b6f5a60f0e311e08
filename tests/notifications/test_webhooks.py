"""Webhook deliveries to a real receiver: signed, retried with back-off, never twice."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from notifications import webhooks
from notifications.models import Delivery, Webhook
from recommendations.models import Item
from recommendations.services import (
    accept_closure,
    add_comment,
    import_document,
    propose_closure,
    return_closure,
    transition,
)

from .receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """The receivers here listen on 127.0.0.1, a destination webhooks may use only when allowed."""
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True


def _webhook(url, **fields):
    hook = Webhook(name="mission dashboard", url=url, **fields)
    webhooks.start_at_newest_event(hook)
    hook.save()
    return hook


def _run_dispatcher(now=None):
    """What the beat task does, with the sends done here rather than by a worker."""
    webhooks.plan()
    return [webhooks.send(delivery_id=pk, lease=lease) for pk, lease in webhooks.claim(now=now)]


def test_each_event_is_posted_once_with_a_verifiable_signature(opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    with Receiver() as receiver:
        hook = _webhook(receiver.url)
        transition(item=item, action="start", actor=coordinator)
        add_comment(item=item, actor=coordinator, comment="on it")
        assert _run_dispatcher() == ["delivered", "delivered"]
        assert _run_dispatcher() == []  # nothing is delivered twice
    assert len(receiver.requests) == 2
    for request in receiver.requests:
        headers, body = request["headers"], request["body"]
        expected = hmac.new(hook.secret.encode(), f"{headers['X-Tracker-Timestamp']}.".encode() + body, hashlib.sha256)
        assert headers["X-Tracker-Signature"] == f"sha256={expected.hexdigest()}"
        payload = json.loads(body)
        assert payload["delivery"] == headers["X-Tracker-Delivery"]
        assert payload["item"]["reference"] == "S/2017/130 ¶109"
    kinds = [json.loads(r["body"])["event"]["kind"] for r in receiver.requests]
    assert kinds == ["status", "comment"]


def test_a_new_webhook_is_not_sent_the_past(opened, coordinator):
    transition(item=Item.objects.get(paragraph__number=109), action="start", actor=coordinator)
    with Receiver() as receiver:
        _webhook(receiver.url)
        assert _run_dispatcher() == []


def test_kinds_and_bodies_filter_what_a_webhook_gets(opened, coordinator):
    from recommendations.models import Body

    with Receiver() as receiver:
        hook = _webhook(receiver.url, events=["comment"])
        hook.bodies.add(Body.objects.get(code="AU"))
        add_comment(item=Item.objects.get(paragraph__number=44), actor=coordinator, comment="AU item")
        add_comment(item=Item.objects.get(paragraph__number=109), actor=coordinator, comment="not AU")
        transition(item=Item.objects.get(paragraph__number=44), action="start", actor=coordinator)
        assert _run_dispatcher() == ["delivered"]
    assert json.loads(receiver.requests[0]["body"])["event"]["comment"] == "AU item"


def test_a_failing_receiver_is_retried_with_back_off_then_marked_failed(opened, coordinator, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(answers=(500,)) as receiver:
        _webhook(receiver.url)
        add_comment(item=Item.objects.get(paragraph__number=109), actor=coordinator, comment="x")
        assert _run_dispatcher() == ["pending"]
        delivery = Delivery.objects.get()
        assert delivery.attempts == 1 and delivery.last_status == 500
        assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=25)
        assert _run_dispatcher() == []  # not due yet: the back-off is on the row
        later = delivery.next_attempt_at + datetime.timedelta(seconds=1)
        assert _run_dispatcher(now=later) == ["pending"]
        even_later = Delivery.objects.get().next_attempt_at + datetime.timedelta(seconds=1)
        assert _run_dispatcher(now=even_later) == ["failed"]
        assert _run_dispatcher(now=even_later + datetime.timedelta(days=1)) == []
    assert len(receiver.requests) == 3
    assert Delivery.objects.get().state == "failed"


def test_a_receiver_that_recovers_gets_the_delivery(opened, coordinator):
    with Receiver(answers=(503, 200)) as receiver:
        _webhook(receiver.url)
        add_comment(item=Item.objects.get(paragraph__number=109), actor=coordinator, comment="x")
        assert _run_dispatcher() == ["pending"]
        due = Delivery.objects.get().next_attempt_at + datetime.timedelta(seconds=1)
        assert _run_dispatcher(now=due) == ["delivered"]
    assert len(receiver.requests) == 2
    assert len({r["headers"]["X-Tracker-Delivery"] for r in receiver.requests}) == 1  # the same delivery id


def test_an_unreachable_receiver_is_an_error_on_the_row_not_the_request(opened, coordinator):
    _webhook("http://127.0.0.1:9/nothing-listens-here")
    item = Item.objects.get(paragraph__number=109)
    transition(item=item, action="start", actor=coordinator)  # the change itself succeeds
    assert _run_dispatcher() == ["pending"]
    assert Delivery.objects.get().last_error == "connection refused"


def test_two_dispatchers_claim_each_delivery_once(opened, coordinator):
    with Receiver() as receiver:
        _webhook(receiver.url)
        for n in range(5):
            add_comment(item=Item.objects.get(paragraph__number=109), actor=coordinator, comment=f"{n}")
        webhooks.plan()
        webhooks.plan()  # a second planner adds nothing
        first, second = webhooks.claim(), webhooks.claim()
        assert len(first) == 5 and second == []
        for pk, lease in first:
            webhooks.send(delivery_id=pk, lease=lease)
    assert len(receiver.requests) == 5


def test_a_sender_whose_lease_was_taken_over_sends_nothing(opened, coordinator):
    with Receiver() as receiver:
        _webhook(receiver.url)
        add_comment(item=Item.objects.get(paragraph__number=109), actor=coordinator, comment="x")
        webhooks.plan()
        [(pk, old_lease)] = webhooks.claim()
        later = old_lease + datetime.timedelta(seconds=1)
        [(_, new_lease)] = webhooks.claim(now=later)  # the first sender was too slow
        assert webhooks.send(delivery_id=pk, lease=old_lease) == "not-ours"
        assert webhooks.send(delivery_id=pk, lease=new_lease) == "delivered"
    assert len(receiver.requests) == 1


def test_webhooks_api_is_for_coordinators_and_shows_deliveries(api, opened, coordinator, tpcc_focal_point):
    assert api(tpcc_focal_point).get("/api/v1/webhooks/").status_code == 403
    client = api(coordinator)
    with Receiver() as receiver:
        created = client.post("/api/v1/webhooks/", {"name": "dash", "url": receiver.url, "events": ["status"]},
                              format="json")  # fmt: skip
        assert created.status_code == 201, created.content
        assert len(created.json()["secret"]) == 64
        bad = client.post("/api/v1/webhooks/", {"name": "x", "url": receiver.url, "events": ["explosion"]},
                          format="json")  # fmt: skip
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"].startswith("events")
        transition(item=Item.objects.get(paragraph__number=109), action="start", actor=coordinator)
        _run_dispatcher()
    deliveries = client.get(f"/api/v1/webhooks/{created.json()['id']}/deliveries/").json()
    assert [d["state"] for d in deliveries] == ["delivered"]


def test_deliveries_are_visible_in_the_admin_and_can_be_sent_again(client, opened, coordinator, settings):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    settings.WEBHOOK_MAX_ATTEMPTS = 1
    _webhook("http://127.0.0.1:9/nothing-listens-here")
    add_comment(item=Item.objects.get(paragraph__number=109), actor=coordinator, comment="x")
    assert _run_dispatcher() == ["failed"]
    client.force_login(coordinator)
    url = reverse("admin:notifications_delivery_changelist")
    page = client.get(url, {"state__exact": "failed"}).content.decode()
    assert "mission dashboard" in page and "failed" in page
    delivery = Delivery.objects.get()
    client.post(url, {"action": "requeue", ACTION_CHECKBOX_NAME: [delivery.pk]})
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 0)


def test_an_import_is_announced_when_its_items_are_reviewed_not_when_they_are_proposed(bodies, seed_bytes, coordinator):
    with Receiver() as receiver:
        _webhook(receiver.url)
        document = import_document(data=seed_bytes, symbol="S/2017/130", language="zh").document
        assert document.items.count() == 35  # each with its first event, "proposed by the import"
        assert _run_dispatcher() == []
        transition(item=document.items.order_by("pk").first(), action="confirm", actor=coordinator)
        assert _run_dispatcher() == ["delivered"]


# What a receiver reads: the keys of a payload, of its event and of its item. A change here breaks
# every receiver, so it is made on purpose, here, or not at all.
PAYLOAD_KEYS = ["delivery", "event", "item", "webhook"]
EVENT_KEYS = ["action", "actor", "comment", "created_at", "evidence_link", "evidence_symbol", "evidence_url",
              "from_value", "id", "item", "kind", "progress", "to_value", "version"]  # fmt: skip
ITEM_KEYS = ["closure_proposed", "created_at", "document", "due_date", "etag", "id", "key", "kind", "language",
             "last_activity_at", "lineage", "overdue", "owners", "paragraph", "priority", "progress", "quote",
             "quote_end", "quote_hash", "quote_start", "reference", "response", "speaker", "status", "sub_item",
             "summary", "summary_zh", "updated_at", "version"]  # fmt: skip


def test_a_payload_has_its_keys_and_says_what_the_api_says_of_the_event_and_the_item(api, opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    _webhook("http://127.0.0.1:9/nothing-listens-here")
    transition(item=item, action="start", actor=coordinator, comment="started")
    webhooks.plan()
    body = json.loads(webhooks.payload(Delivery.objects.get()))
    assert list(body) == PAYLOAD_KEYS
    assert list(body["event"]) == EVENT_KEYS and list(body["item"]) == ITEM_KEYS
    assert list(body["item"]["owners"][0]) == ["body", "role"]
    client = api(coordinator)
    assert body["item"] == client.get(f"/api/v1/items/{item.pk}/").json()
    assert body["event"] == client.get(f"/api/v1/items/{item.pk}/events/").json()[-1]


def test_a_closure_returned_and_accepted_reaches_status_subscribers(opened, coordinator, tpcc_focal_point):
    item = Item.objects.get(paragraph__number=109)
    with Receiver() as receiver:
        _webhook(receiver.url, events=["status"])
        propose_closure(item=item, actor=tpcc_focal_point, evidence_url="https://example.org/a")  # evidence: not sent
        return_closure(item=item, actor=coordinator, comment="which meeting?")
        propose_closure(item=item, actor=tpcc_focal_point, evidence_symbol="S/PRST/2015/26")
        accept_closure(item=item, actor=coordinator)
        assert _run_dispatcher() == ["delivered", "delivered"]
    events = [json.loads(r["body"])["event"] for r in receiver.requests]
    assert [(e["action"], e["comment"], e["evidence_symbol"]) for e in events] == [
        ("return_closure", "which meeting?", ""),
        ("accept_closure", "", "S/PRST/2015/26"),
    ]
