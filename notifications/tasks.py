"""Background work of the notifications app: tasks take ids, re-fetch, and call the module that knows.

Beat runs the planners and dispatchers every few seconds: each says what it did in one INFO line,
and only at DEBUG that there was nothing to do.
"""

import datetime
import logging

from celery import shared_task

from . import notices, reminders, webhooks

logger = logging.getLogger(__name__)


def _report(did_something: bool, message: str, *args) -> None:
    logger.log(logging.INFO if did_something else logging.DEBUG, message, *args)


@shared_task(ignore_result=True)
def plan_webhook_deliveries() -> int:
    planned = webhooks.plan()
    _report(planned > 0, "webhook deliveries: %d planned", planned)
    return planned


@shared_task(ignore_result=True)
def dispatch_webhooks() -> int:
    """Claim due deliveries and hand each to a sender; the planner runs first so new events go out."""
    planned = webhooks.plan()
    claimed = webhooks.claim()
    for delivery_id, lease in claimed:
        send_webhook.delay(str(delivery_id), lease.isoformat())
    _report(bool(planned or claimed), "webhook deliveries: %d planned, %d handed to senders", planned, len(claimed))
    return len(claimed)


@shared_task(ignore_result=True)
def send_webhook(delivery_id: str, lease: str) -> str:
    state = webhooks.send(delivery_id=delivery_id, lease=datetime.datetime.fromisoformat(lease))
    _report(state != "not-ours", "webhook delivery %s: %s", delivery_id, state)
    return state


@shared_task(ignore_result=True)
def plan_reminders() -> int:
    report, _ = reminders.plan()
    planned_notices = notices.plan_notices()
    _report(report.created > 0 or bool(planned_notices), "reminder emails: %d planned; event notices: %d planned",
            report.created, len(planned_notices))  # fmt: skip
    return report.created


@shared_task(ignore_result=True)
def dispatch_reminders() -> int:
    """Claim due reminder emails and hand each to a sender task."""
    claimed = reminders.claim()
    for outbox_id, lease in claimed:
        send_reminder.delay(outbox_id, lease.isoformat())
    _report(bool(claimed), "reminder emails: %d handed to senders", len(claimed))
    return len(claimed)


@shared_task(ignore_result=True, acks_late=True)
def send_reminder(outbox_id: int, lease: str) -> str:
    # acks_late: a worker killed mid-send leaves the task to be run again; the lease and
    # the row's state decide whether that second run may send.
    state = reminders.send(outbox_id=outbox_id, lease=datetime.datetime.fromisoformat(lease))
    _report(state != "not-ours", "reminder email %s: %s", outbox_id, state)
    return state
