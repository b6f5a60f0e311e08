"""Webhook payloads and reminder digests never read a report's whole text."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import reminders, webhooks
from notifications.models import Delivery, Webhook
from recommendations import services
from recommendations.models import DocumentText, Item

TEXT_TABLE = DocumentText._meta.db_table


def _sql(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries]


def test_a_webhook_payload_does_not_read_the_text(opened, coordinator):
    webhook = Webhook(name="hook", url="https://hooks.example.org/in")
    webhooks.start_at_newest_event(webhook)
    webhook.save()
    item = Item.objects.filter(status="open").first()
    services.add_comment(item=item, actor=coordinator, comment="seen")
    webhooks.plan()
    delivery = Delivery.objects.get(webhook=webhook)
    sql = _sql(lambda: webhooks.payload(delivery))
    assert sql and not [q for q in sql if TEXT_TABLE in q]


def test_planning_reminders_does_not_read_the_text(opened, tpcc_focal_point):
    sql = _sql(lambda: reminders.plan(dry_run=True))
    assert sql and not [q for q in sql if TEXT_TABLE in q]
