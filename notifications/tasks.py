"""Background work of the notifications app: tasks take ids, re-fetch, and call the module that knows."""

import datetime

from celery import shared_task

from . import notices, reminders, webhooks


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


@shared_task(ignore_result=True)
def plan_reminders() -> int:
    report, _ = reminders.plan()
    notices.plan_notices()
    return report.created


@shared_task(ignore_result=True)
def dispatch_reminders() -> int:
    """Claim due reminder emails and hand each to a sender task."""
    claimed = reminders.claim()
    for outbox_id, lease in claimed:
        send_reminder.delay(outbox_id, lease.isoformat())
    return len(claimed)


@shared_task(ignore_result=True, acks_late=True)
def send_reminder(outbox_id: int, lease: str) -> str:
    # acks_late: a worker killed mid-send leaves the task to be run again; the lease and
    # the row's state decide whether that second run may send.
    return reminders.send(outbox_id=outbox_id, lease=datetime.datetime.fromisoformat(lease))
