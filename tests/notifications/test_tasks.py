"""The periodic tasks say in one INFO line what they did, and only at DEBUG that there was nothing to do."""

import logging

import pytest
from django.utils import timezone

from notifications import tasks, webhooks
from notifications.models import Outbox, Webhook
from recommendations.models import Item
from recommendations.services import transition

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def said(caplog):
    """(level name, message) of each record the tasks module logs, from DEBUG up."""
    caplog.set_level(logging.DEBUG, logger="notifications.tasks")
    return lambda: [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "notifications.tasks"]


@pytest.fixture
def handed(monkeypatch):
    """The sends the dispatchers hand to the worker, kept here instead of queued."""
    sends = []
    monkeypatch.setattr(tasks.send_webhook, "delay", lambda *args: sends.append(args))
    monkeypatch.setattr(tasks.send_reminder, "delay", lambda *args: sends.append(args))
    return sends


def test_a_tick_with_nothing_to_do_says_so_only_at_debug(said, handed):
    tasks.dispatch_webhooks()
    tasks.dispatch_reminders()
    assert said() == [
        ("DEBUG", "webhook deliveries: 0 planned, 0 handed to senders"),
        ("DEBUG", "reminder emails: 0 handed to senders"),
    ]


def test_a_webhook_tick_that_hands_out_deliveries_says_so_in_one_info_line(opened, coordinator, said, handed,
                                                                           settings):  # fmt: skip
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    hook = Webhook(name="mission dashboard", url="http://127.0.0.1:9/hook")
    webhooks.start_at_newest_event(hook)
    hook.save()
    transition(item=Item.objects.get(paragraph__number=109), action="start", actor=coordinator)
    tasks.dispatch_webhooks()
    tasks.dispatch_webhooks()  # the next tick: nothing new
    assert said() == [
        ("INFO", "webhook deliveries: 1 planned, 1 handed to senders"),
        ("DEBUG", "webhook deliveries: 0 planned, 0 handed to senders"),
    ]
    assert len(handed) == 1


def test_reminders_planned_and_sent_are_each_one_info_line(due_items, tpcc_focal_point, said, handed, monkeypatch,
                                                           settings, tmp_path):  # fmt: skip
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = "tracker.mailfiles.EmailBackend", str(tmp_path)
    tasks.plan_reminders()
    tasks.plan_reminders()  # the same period again: nothing new
    tasks.dispatch_reminders()
    ((outbox_id, lease),) = handed
    tasks.send_reminder(outbox_id, lease)
    assert said() == [
        ("INFO", "reminder emails: 1 planned; event notices: 0 planned"),
        ("DEBUG", "reminder emails: 0 planned; event notices: 0 planned"),
        ("INFO", "reminder emails: 1 handed to senders"),
        ("INFO", f"reminder email {outbox_id}: sent"),
    ]
    assert Outbox.objects.get().state == "sent"
    (mail,) = tmp_path.iterdir()
    assert "-tpcc-focal@example.org-recommendation-tracker-" in mail.name
