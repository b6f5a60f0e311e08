"""Background work of the notifications app: tasks take ids, re-fetch, and call the module that knows."""

import datetime

from celery import shared_task

from . import webhooks


@shared_task(ignore_result=True)
def plan_webhook_deliveries() -> int:
    return webhooks.plan()


@shared_task(ignore_result=True)
def dispatch_webhooks() -> int:
    """Claim due deliveries and hand each to a sender; the planner runs first so new events go out."""
    webhooks.plan()
    claimed = webhooks.claim()
    for delivery_id, lease in claimed:
        send_webhook.delay(str(delivery_id), lease.isoformat())
    return len(claimed)


@shared_task(ignore_result=True)
def send_webhook(delivery_id: str, lease: str) -> str:
    return webhooks.send(delivery_id=delivery_id, lease=datetime.datetime.fromisoformat(lease))
