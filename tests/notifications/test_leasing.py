"""The leased outbox that emails (Outbox) and webhook deliveries (Delivery) share, on each of them."""

import datetime

import pytest

from notifications.models import Delivery, Outbox, Webhook
from recommendations.models import Event
from recommendations.services import add_comment

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["outbox", "delivery"])
def row(request, opened, coordinator, settings):
    """One pending row of either model, due at NOW."""
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    if request.param == "outbox":
        return Outbox.objects.create(recipient=coordinator, kind="digest", period="2027-W09", message_id="<m@x>",
                                     to="c@example.org", subject="s", body_text="t", body_html="h",
                                     unsubscribe_url="http://x/u", next_attempt_at=NOW)  # fmt: skip
    hook = Webhook.objects.create(name="dashboard", url="http://127.0.0.1:9/")
    add_comment(item=opened.items.get(paragraph__number=109), actor=coordinator, comment="x")
    return Delivery.objects.create(webhook=hook, event=Event.objects.latest("id"), next_attempt_at=NOW)


def _claim(row, now):
    return type(row).objects.claim(limit=10, now=now)


def _lease_seconds(row, settings):
    return getattr(settings, type(row).lease_setting)


def test_a_claimed_row_is_claimed_again_only_after_its_lease_ran_out(row, settings):
    [(pk, lease)] = _claim(row, NOW)
    assert pk == row.pk and lease == NOW + datetime.timedelta(seconds=_lease_seconds(row, settings))
    assert _claim(row, NOW + datetime.timedelta(seconds=1)) == []
    [(_, later)] = _claim(row, lease + datetime.timedelta(seconds=1))
    assert later > lease


def test_a_sender_whose_lease_was_taken_over_records_nothing(row):
    [(_, old)] = _claim(row, NOW)
    [(_, new)] = _claim(row, old + datetime.timedelta(seconds=1))
    row.refresh_from_db()
    assert row.record_done(old) == row.done_state
    row.refresh_from_db()
    assert (row.state, row.lease_until, row.attempts) == (row.claimed_state, new, 0)
    row.record_done(new)
    row.refresh_from_db()
    assert (row.state, row.lease_until, row.attempts) == (row.done_state, None, 1)


def test_a_retry_backs_off_on_the_row_then_fails_when_the_attempts_are_used_up(row, settings):
    setattr(settings, type(row).max_attempts_setting, 2)
    setattr(settings, type(row).backoff_setting, 30)
    [(_, lease)] = _claim(row, NOW)
    row.refresh_from_db()
    assert row.record_retry(lease, "timeout", now=NOW) == "pending"
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at, row.last_error) == (1, NOW + datetime.timedelta(seconds=30), "timeout")
    assert _claim(row, NOW + datetime.timedelta(seconds=29)) == []
    [(_, lease)] = _claim(row, NOW + datetime.timedelta(seconds=30))
    row.refresh_from_db()
    assert row.record_retry(lease, "timeout", now=NOW) == "failed"
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("failed", 2)


def test_a_lease_that_ran_out_mid_send_is_unknown_for_an_email_and_claimed_again_for_a_webhook(row):
    [(_, lease)] = _claim(row, NOW)
    row.refresh_from_db()
    row.mark_sending(lease, now=NOW)
    claimed = _claim(row, lease + datetime.timedelta(seconds=1))
    row.refresh_from_db()
    if isinstance(row, Outbox):
        assert (claimed, row.state, row.lease_until) == ([], "unknown", None)
    else:
        assert [pk for pk, _ in claimed] == [row.pk] and row.state == "sending"


def test_requeue_leaves_a_row_a_sender_holds_alone(row):
    model = type(row)
    _claim(row, NOW)
    assert model.objects.requeue() == 0
    row.refresh_from_db()
    row.record_failed(row.lease_until, "550 no")
    assert model.objects.requeue() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.lease_until) == ("pending", 0, None)
