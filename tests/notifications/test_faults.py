"""Faults with real parts: PostgreSQL, a Redis server, Celery worker and beat processes, an SMTP server.

Each recipient gets exactly one digest, or its email is marked unknown (only when the
worker died while the server may already have had the message): never two.
"""

import datetime
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone

from notifications import reminders
from notifications.models import Outbox, Preference
from recommendations.models import Body, Item, Membership
from recommendations.services import set_due_date
from tracker.celery import app

from . import processes
from .smtp import SMTPServer

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="worker processes share the database: PostgreSQL only (CI runs it)"
    ),
    pytest.mark.django_db(transaction=True),
]
LEASE = 4
TERMINAL = {"sent", "unknown", "failed"}


@pytest.fixture
def recipients(opened, settings):
    """Focal points of the TPCC, whose ¶109 item is overdue today."""

    def make(count: int):
        settings.REMINDER_LEASE_SECONDS = LEASE
        item = Item.objects.get(paragraph__number=109)
        set_due_date(item=item, actor=None, due_date=timezone.localdate() - datetime.timedelta(days=3))
        body = Body.objects.get(code="TPCC")
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"focal{n}", email=f"focal{n}@example.org") for n in range(count)
        )
        Membership.objects.bulk_create(Membership(user=user, body=body) for user in users)
        # Daily from midnight: due whenever the test runs. The workers plan with the real clock, and the
        # default (weekly, Monday 08:00) planned nothing early on a Monday.
        Preference.objects.bulk_create(Preference(user=user, frequency="daily", hour=0) for user in users)
        return users

    return make


def _enqueue(broker: str, claimed) -> None:
    with app.connection_for_write(broker) as conn:
        for pk, lease in claimed:
            app.send_task("notifications.tasks.send_reminder", args=(pk, lease.isoformat()), connection=conn)


def _settle(broker: str, *, timeout: float) -> None:
    """Re-dispatch until every email is sent, failed or unknown (leases expire and are taken over)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        open_rows = Outbox.objects.exclude(state__in=TERMINAL).count()
        if not open_rows:
            return
        _enqueue(broker, reminders.claim())
        time.sleep(1)
    raise AssertionError(f"{Outbox.objects.exclude(state__in=TERMINAL).count()} emails still open")


def _check_exactly_once(smtp, users, *, in_flight: int = 0):
    """No email twice; every email is sent and marked so, or marked unknown.

    ``in_flight``: how many emails a killed worker may have had accepted by the server
    without living to mark them sent; those are unknown although they arrived. A sender whose
    wait for the server's answer to the data ran out says so itself (``smtp.MaybeDelivered``,
    in ``last_error``): such an email is unknown by design, whatever was killed, and not counted.
    """
    ids = smtp.recorder.message_ids
    assert len(ids) == len(set(ids)), "an email was delivered twice"
    received = {m["To"] for m in smtp.messages}
    states = dict(Outbox.objects.values_list("to", "state"))
    said_maybe = set(
        Outbox.objects.filter(state="unknown", last_error__contains="while the server had the message").values_list(
            "to", flat=True
        )
    )
    arrived_unknown = 0
    for user in users:
        if user.email in received:
            assert states[user.email] in ("sent", "unknown"), (user.email, states[user.email])
            arrived_unknown += states[user.email] == "unknown" and user.email not in said_maybe
        else:
            assert states[user.email] == "unknown", (user.email, states[user.email])
    assert arrived_unknown <= in_flight, f"{arrived_unknown} emails arrived but are marked unknown"
    # Unknown for want of an answer, not because the sender said the server may have it.
    return sum(1 for to, s in states.items() if s == "unknown" and to not in said_maybe)


def test_worker_killed_mid_batch_then_restarted(recipients, tmp_path):
    users = recipients(40)
    reminders.plan()
    assert Outbox.objects.count() == 40
    with SMTPServer(data_delay=0.15) as smtp, processes.Redis() as redis:
        env = processes.environment(broker=redis.url, smtp_port=smtp.port, lease=LEASE)
        first = processes.worker(env, tmp_path / "worker1.log").start()
        _enqueue(redis.url, reminders.claim())
        processes.wait_until(lambda: len(smtp.messages) >= 8, timeout=60, what="the first emails")
        first.kill()
        killed_at = len(smtp.messages)
        second = processes.worker(env, tmp_path / "worker2.log").start()
        try:
            time.sleep(LEASE + 1)
            _settle(redis.url, timeout=90)
        finally:
            second.stop()
    assert killed_at < 40, "the kill came after the batch: nothing was tested"
    # The kill may fall after the server accepted an email and before its row said so: then
    # it arrived and is unknown. At most one per worker process that was mid-send (two).
    unknown = _check_exactly_once(smtp, users, in_flight=2)
    assert unknown <= 2


def test_redis_restarted_mid_batch(recipients, tmp_path):
    users = recipients(40)
    reminders.plan()
    with SMTPServer(data_delay=0.15) as smtp, processes.Redis() as redis:
        env = processes.environment(broker=redis.url, smtp_port=smtp.port, lease=LEASE)
        worker = processes.worker(env, tmp_path / "worker.log").start()
        try:
            _enqueue(redis.url, reminders.claim())
            processes.wait_until(lambda: len(smtp.messages) >= 8, timeout=60, what="the first emails")
            redis.stop()  # queued tasks are lost with it: it keeps nothing on disk
            time.sleep(1)
            redis.start()
            time.sleep(LEASE + 1)
            _settle(redis.url, timeout=90)
        finally:
            worker.stop()
    assert _check_exactly_once(smtp, users) == 0
    assert len(smtp.messages) == 40


def test_two_beats_for_several_ticks_send_one_email_per_recipient(recipients, tmp_path):
    users = recipients(20)
    with SMTPServer() as smtp, processes.Redis() as redis:
        env = processes.environment(
            broker=redis.url, smtp_port=smtp.port, lease=LEASE,
            extra={"REMINDER_PLAN_EVERY_SECONDS": "1", "REMINDER_DISPATCH_EVERY_SECONDS": "1"},
        )  # fmt: skip
        started = [
            processes.worker(env, tmp_path / "worker.log").start(),
            processes.beat(env, tmp_path / "beat1.log", tmp_path / "beat1-schedule").start(),
            processes.beat(env, tmp_path / "beat2.log", tmp_path / "beat2-schedule").start(),
        ]
        try:
            processes.wait_until(lambda: len(smtp.messages) >= 20, timeout=60, what="20 emails")
            time.sleep(5)  # several more ticks of both beats
        finally:
            for process in started:
                process.stop()
    assert len(smtp.messages) == 20
    assert _check_exactly_once(smtp, users) == 0


def test_two_planners_and_two_dispatchers_at_once_over_200_recipients(recipients, smtp_settings):
    users = recipients(200)

    def in_thread(fn):
        def run():
            try:
                fn()
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    with SMTPServer() as smtp:
        smtp_settings(smtp.port)
        planners = [in_thread(reminders.plan) for _ in range(2)]
        for thread in planners:
            thread.start()
        for thread in planners:
            thread.join()
        assert Outbox.objects.count() == 200

        def dispatch():
            for pk, lease in reminders.claim(limit=500):
                reminders.send(outbox_id=pk, lease=lease)

        dispatchers = [in_thread(dispatch) for _ in range(2)]
        for thread in dispatchers:
            thread.start()
        for thread in dispatchers:
            thread.join()
    assert len(smtp.messages) == 200
    assert _check_exactly_once(smtp, users) == 0
