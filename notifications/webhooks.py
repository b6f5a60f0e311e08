"""Webhook deliveries from an outbox: plan, claim with a lease, send signed, retry with back-off.

PostgreSQL is the truth: the planner writes one Delivery per event × webhook under a
unique constraint, the dispatcher claims due rows with a conditional UPDATE (another
process got there first → it moves on), and the sender checks its lease before it
sends; claim, lease, retries and back-off are the leased outbox's (``leasing``). Nothing
here runs in the request that caused the event, so a slow or broken receiver never slows
or fails it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
import uuid

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from recommendations import rows
from recommendations.models import Event, Item
from recommendations.models.lineage import load_lineage

from . import destinations, outbound
from .models import Delivery, Webhook

USER_AGENT = "RecommendationTracker-Webhook/1"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``"<timestamp>." + body``: the receiver recomputes it."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def start_at_newest_event(webhook: Webhook) -> None:
    """A new subscriber receives what happens from now on, not the whole past."""
    webhook.last_event_id = Event.objects.aggregate(newest=Max("id"))["newest"] or 0


def plan(*, batch: int = 1000) -> int:
    """Queue a Delivery for each new event each active webhook wants; safe to run twice at once."""
    created = 0
    for webhook in Webhook.objects.filter(active=True).prefetch_related("bodies"):
        events = Event.objects.announced().filter(id__gt=webhook.last_event_id).order_by("id")
        bodies = [b.pk for b in webhook.bodies.all()]
        newest = events.aggregate(newest=Max("id"))["newest"]
        if newest is None:
            continue
        wanted = events.filter(id__lte=newest)
        if webhook.events:
            wanted = wanted.filter(kind__in=webhook.events)
        if bodies:
            wanted = wanted.filter(item__ownerships__body__in=bodies).distinct()
        ids = list(wanted.values_list("id", flat=True)[:batch])
        upto = ids[-1] if len(ids) == batch else newest
        rows = [Delivery(webhook=webhook, event_id=event_id) for event_id in ids]
        with transaction.atomic():
            # The unique constraint makes a second planner's rows no-ops.
            made = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            Webhook.objects.filter(pk=webhook.pk, last_event_id__lt=upto).update(last_event_id=upto)
        created += len(made)
    return created


def claim(*, limit: int = 100, now: datetime.datetime | None = None) -> list[tuple[uuid.UUID, datetime.datetime]]:
    """Take due deliveries with a lease; returns (id, lease) of each row this caller got."""
    return Delivery.objects.claim(limit=limit, now=now)


def payload(delivery: Delivery) -> bytes:
    event = Event.objects.select_related("actor", "item__document").get(pk=delivery.event_id)
    item = Item.objects.for_list().filter(pk=event.item_id).first()
    if item is not None:
        # The receiver was set up by a coordinator: its payloads name every linked item.
        load_lineage([item])
    body = {
        "delivery": str(delivery.pk),
        "webhook": delivery.webhook_id,
        "event": rows.event_row(event),
        "item": rows.item_json(item) if item else None,
    }
    return json.dumps(body, default=str, ensure_ascii=False, sort_keys=True).encode()


def send(*, delivery_id, lease: datetime.datetime) -> str:
    """POST one claimed delivery; returns its new state. A stale lease sends nothing."""
    delivery = Delivery.objects.select_related("webhook").claimed(delivery_id, lease).first()
    if delivery is None:
        return "not-ours"  # another dispatcher took it over after this sender's lease ran out
    body = payload(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Tracker-Delivery": str(delivery.pk),
        "X-Tracker-Event": delivery.event.kind,
        "X-Tracker-Timestamp": str(timestamp),
        "X-Tracker-Signature": sign(delivery.webhook.secret, timestamp, body),
    }
    status, error = None, ""
    try:
        # Checked again here: the URL may have been saved under other settings, or its name
        # may resolve elsewhere now. The request goes to the address this check judged.
        destination = destinations.check(delivery.webhook.url)
        status = outbound.post(destination, body=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
        error = outbound.status_error(status)
    except destinations.Refused as refused:
        error = f"destination refused: {refused.reason}"
    except requests.RequestException as exc:
        error = outbound.exception_error(exc)
    return _record(delivery, lease, status, error)


def _record(delivery: Delivery, lease, status: int | None, error: str) -> str:
    if not error:
        return delivery.record_done(lease, last_status=status)
    return delivery.record_retry(lease, error, last_status=status)


def requeue(deliveries) -> int:
    """Send failed (or any) deliveries again from the start."""
    return deliveries.requeue(last_error="")
