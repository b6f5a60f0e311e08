"""Reminder digests through a real SMTP server: grouped, one per period, never doubled, faults handled."""

import datetime
import re

import pytest
from django.core.management import call_command

from notifications import reminders
from notifications.models import Outbox, Preference

from .conftest import NOW
from .smtp import SilentServer, SMTPServer

pytestmark = pytest.mark.django_db


def _tick(now=NOW):
    """One beat: plan, then claim and send what is due."""
    reminders.plan(now=now)
    return sorted(reminders.send(outbox_id=pk, lease=lease, now=now) for pk, lease in reminders.claim(now=now))


def test_a_focal_point_gets_one_digest_with_its_items_grouped(due_items, tpcc_focal_point, au_focal_point,
                                                             smtp_settings):  # fmt: skip
    with SMTPServer() as server:
        smtp_settings(server.port)
        assert _tick() == ["sent", "sent"]
    by_to = {m["To"]: m for m in server.messages}
    tpcc = by_to["tpcc-focal@example.org"]
    text = tpcc.get_payload()[0].get_payload(decode=True).decode()
    assert "Overdue (1)" in text and "S/2017/130 ¶109" in text and "¶44" not in text
    assert "/admin/recommendations/item/" in text
    au_text = by_to["au-focal@example.org"].get_payload()[0].get_payload(decode=True).decode()
    assert "Due within 7 days (1)" in au_text and "S/2017/130 ¶44" in au_text
    assert tpcc["Message-ID"] == f"<digest.{tpcc_focal_point.pk}.2027-W09@tracker.localhost>"
    assert tpcc["List-Unsubscribe"].strip().startswith("<http") and tpcc["List-Unsubscribe-Post"]
    assert tpcc.get_payload()[1].get_content_type() == "text/html"


def test_nothing_to_report_sends_nothing(opened, tpcc_focal_point, smtp_settings):
    from recommendations.models import Item

    Item.objects.update(last_activity_at=NOW)  # recently updated and nothing due: nothing to say
    with SMTPServer() as server:
        smtp_settings(server.port)
        assert _tick() == []
    assert server.messages == [] and not Outbox.objects.exists()


def test_planner_and_sender_twice_send_one_email_per_recipient_per_period(due_items, tpcc_focal_point,
                                                                         smtp_settings):  # fmt: skip
    with SMTPServer() as server:
        smtp_settings(server.port)
        _tick()
        _tick()
        _tick(NOW + datetime.timedelta(hours=30))  # later the same week: same period
    assert len(server.messages) == 1
    next_week = NOW + datetime.timedelta(days=7)
    with SMTPServer() as server:
        smtp_settings(server.port)
        _tick(next_week)
    assert len(server.messages) == 1 and "2027-W10" in server.messages[0]["Message-ID"]


def test_451_twice_then_accepted_is_one_email(due_items, tpcc_focal_point, smtp_settings):
    with SMTPServer(answers=("451 try later", "451 try later", "250 OK")) as server:
        smtp_settings(server.port)
        assert _tick() == ["pending"]
        row = Outbox.objects.get()
        assert row.attempts == 1 and "451" in row.last_error and row.next_attempt_at > NOW
        assert _tick(row.next_attempt_at + datetime.timedelta(seconds=1)) == ["pending"]
        later = Outbox.objects.get().next_attempt_at + datetime.timedelta(seconds=1)
        assert _tick(later) == ["sent"]
        assert _tick(later + datetime.timedelta(hours=1)) == []
    assert len(server.messages) == 1


def test_550_is_failed_without_a_retry_loop(due_items, tpcc_focal_point, smtp_settings):
    with SMTPServer(answers=("550 no such mailbox",)) as server:
        smtp_settings(server.port)
        assert _tick() == ["failed"]
        assert _tick(NOW + datetime.timedelta(days=1)) == []
    row = Outbox.objects.get()
    assert row.state == "failed" and row.attempts == 1 and row.last_error.startswith("550")


def test_a_server_that_stalls_times_out_and_is_retried(due_items, tpcc_focal_point, smtp_settings):
    with SilentServer() as silent:
        smtp_settings(silent.port)
        assert _tick() == ["pending"]
    row = Outbox.objects.get()
    assert row.state == "pending" and "timed out" in row.last_error.lower()
    with SMTPServer() as server:
        smtp_settings(server.port)
        assert _tick(row.next_attempt_at + datetime.timedelta(seconds=1)) == ["sent"]
    assert len(server.messages) == 1


def test_a_timeout_after_the_data_went_out_is_unknown_not_resent(due_items, tpcc_focal_point, smtp_settings):
    with SMTPServer(data_delay=4) as server:
        smtp_settings(server.port)
        assert _tick() == ["unknown"]
        assert _tick(NOW + datetime.timedelta(days=1)) == []
    row = Outbox.objects.get()
    assert row.state == "unknown" and "while the server had the message" in row.last_error


def test_a_sender_stopped_while_sending_leaves_the_row_unknown(due_items, tpcc_focal_point):
    reminders.plan(now=NOW)
    [(pk, lease)] = reminders.claim(now=NOW)
    Outbox.objects.filter(pk=pk).update(state="sending")  # as a worker killed mid-DATA leaves it
    assert reminders.claim(now=lease + datetime.timedelta(seconds=1)) == []
    assert Outbox.objects.get().state == "unknown"


def test_a_sender_stopped_before_sending_is_taken_over_and_sends_once(due_items, tpcc_focal_point, smtp_settings):
    reminders.plan(now=NOW)
    [(pk, old_lease)] = reminders.claim(now=NOW)  # this sender dies before it connects
    later = old_lease + datetime.timedelta(seconds=1)
    [(_, new_lease)] = reminders.claim(now=later)
    with SMTPServer() as server:
        smtp_settings(server.port)
        assert reminders.send(outbox_id=pk, lease=old_lease) == "not-ours"
        assert reminders.send(outbox_id=pk, lease=new_lease) == "sent"
    assert len(server.messages) == 1


def test_a_sender_whose_lease_ran_out_before_the_data_sends_nothing(due_items, tpcc_focal_point, smtp_settings):
    # Its task waited in the queue past the lease: another sweep may take the row over at any
    # moment, so this sender must not start the data, which would leave the row unknown.
    reminders.plan(now=NOW)
    [(pk, lease)] = reminders.claim(now=NOW)
    with SMTPServer() as server:
        smtp_settings(server.port)
        assert reminders.send(outbox_id=pk, lease=lease, now=lease + datetime.timedelta(seconds=1)) == "not-ours"
        assert server.messages == []
        [(_, new_lease)] = reminders.claim(now=lease + datetime.timedelta(seconds=1))
        assert reminders.send(outbox_id=pk, lease=new_lease, now=lease + datetime.timedelta(seconds=2)) == "sent"
    assert len(server.messages) == 1


def test_the_lease_covers_the_wait_for_the_servers_answer(due_items, tpcc_focal_point, settings):
    """A sender that starts the data just before its lease ends keeps the row while it waits for the answer."""
    reminders.plan(now=NOW)
    [(pk, lease)] = reminders.claim(now=NOW)
    row = Outbox.objects.get(pk=pk)
    late = lease - datetime.timedelta(seconds=1)
    held = row.mark_sending(lease, now=late)
    assert held == late + datetime.timedelta(seconds=2 * settings.EMAIL_TIMEOUT)
    assert reminders.claim(now=lease + datetime.timedelta(seconds=1)) == []
    assert Outbox.objects.get(pk=pk).state == "sending"  # not declared unknown: its sender may still answer
    assert row.record_done(held) == "sent" and Outbox.objects.get(pk=pk).state == "sent"


def test_opted_out_and_snoozed_people_get_nothing(due_items, tpcc_focal_point, au_focal_point, smtp_settings):
    Preference.objects.create(user=tpcc_focal_point, opted_out=True)
    Preference.objects.create(user=au_focal_point, snoozed_until=datetime.date(2027, 3, 10))
    with SMTPServer() as server:
        smtp_settings(server.port)
        assert _tick() == []


def test_one_click_unsubscribe_and_snooze_links(client, due_items, tpcc_focal_point):
    reminders.plan(now=NOW)
    row = Outbox.objects.get(recipient=tpcc_focal_point)
    path = row.unsubscribe_url.split("8000", 1)[1]
    assert client.get(path).status_code == 200  # a page that asks, for people who click
    assert client.post(path).status_code == 200  # RFC 8058 one-click
    assert Preference.objects.get(user=tpcc_focal_point).opted_out
    snooze_path = re.search(r"8000(/notifications/snooze/\S+/)", row.body_text).group(1)
    assert client.post(snooze_path).status_code == 200
    assert Preference.objects.get(user=tpcc_focal_point).snoozed_until
    assert client.post("/notifications/unsubscribe/forged-token/").status_code == 400


def test_digest_in_the_recipients_language(due_items, tpcc_focal_point, smtp_settings):
    Preference.objects.create(user=tpcc_focal_point, language="zh-hans")
    with SMTPServer() as server:
        smtp_settings(server.port)
        _tick()
    text = server.messages[0].get_payload()[0].get_payload(decode=True).decode()
    assert "逾期" in text and "部队和警察派遣国、秘书处和安全理事会应更加努力" in text


def test_an_english_digest_shows_the_chinese_summary_when_the_english_one_is_empty(due_items, tpcc_focal_point):
    from recommendations.models import Item

    item = Item.objects.get(paragraph__number=109)
    Item.objects.filter(pk=item.pk).update(summary="", summary_zh="中文摘要")
    _report, planned = reminders.plan(now=NOW, dry_run=True)
    (digest,) = [row for row in planned if row.recipient_id == tpcc_focal_point.pk]
    assert "S/2017/130 ¶109" in digest.body_text and "中文摘要" in digest.body_text


@pytest.mark.parametrize(
    ("zone", "instants"),
    [
        # New York leaves standard time on 2027-03-14; Shanghai has no daylight saving.
        ("America/New_York", ["2027-03-08T12:59:00+00:00", "2027-03-08T13:00:00+00:00",
                              "2027-03-14T06:30:00+00:00", "2027-03-14T07:30:00+00:00", "2027-03-15T12:00:00+00:00"]),
        ("Asia/Shanghai", ["2027-03-07T23:59:00+00:00", "2027-03-08T00:00:00+00:00", "2027-03-14T18:00:00+00:00",
                           "2027-03-15T00:00:00+00:00", "2027-03-15T01:00:00+00:00"]),
    ],
)  # fmt: skip
def test_one_digest_per_period_across_a_daylight_saving_change(due_items, tpcc_focal_point, zone, instants):
    Preference.objects.create(user=tpcc_focal_point, time_zone=zone, weekday=0, hour=8)
    for instant in instants:
        reminders.plan(now=datetime.datetime.fromisoformat(instant))
    periods = list(Outbox.objects.filter(recipient=tpcc_focal_point).values_list("period", flat=True))
    assert sorted(periods) == ["2027-W10", "2027-W11"]


def test_escalation_goes_to_the_lead_focal_point_and_the_coordinators(due_items, tpcc_focal_point, coordinator,
                                                                     settings):  # fmt: skip
    settings.ESCALATE_AFTER_DAYS = 7
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    reminders.plan(now=NOW)
    escalated = Outbox.objects.filter(kind="escalation")
    assert set(escalated.values_list("recipient__username", flat=True)) == {"tpcc-focal", "coordinator"}
    assert all(row.item_ids == [due_items.items.get(paragraph__number=109).pk] for row in escalated)


def test_send_reminders_command_dry_run_writes_nothing_then_sends(due_items, tpcc_focal_point, smtp_settings,
                                                                 capsys):  # fmt: skip
    call_command("send_reminders", "--dry-run", "--now", NOW.isoformat())
    assert "would be planned" in capsys.readouterr().out and not Outbox.objects.exists()
    with SMTPServer() as server:
        smtp_settings(server.port)
        call_command("send_reminders", "--now", NOW.isoformat())
        call_command("send_reminders", "--now", NOW.isoformat())
    assert len(server.messages) == 1


def test_the_outbox_in_the_admin_with_send_again_and_send_digest_now(client, due_items, coordinator,
                                                                    tpcc_focal_point, smtp_settings):  # fmt: skip
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.urls import reverse

    with SMTPServer(answers=("550 no",)) as server:
        smtp_settings(server.port)
        _tick()
    client.force_login(coordinator)
    url = reverse("admin:notifications_outbox_changelist")
    assert "tpcc-focal" in client.get(url, {"state__exact": "failed"}).content.decode()
    row = Outbox.objects.get()
    client.post(url, {"action": "send_again", ACTION_CHECKBOX_NAME: [row.pk]})
    assert Outbox.objects.get().state == "pending"
    pref = Preference.objects.create(user=tpcc_focal_point)
    from django.utils import timezone

    from recommendations.models import Item

    Item.objects.update(last_activity_at=timezone.now() - datetime.timedelta(days=60))  # stale today
    with SMTPServer() as server:
        smtp_settings(server.port)
        page = client.post(reverse("admin:notifications_preference_changelist"),
                           {"action": "send_digest_now", ACTION_CHECKBOX_NAME: [pref.pk]}, follow=True)  # fmt: skip
    assert "tpcc-focal: sent" in page.content.decode()
    assert len(server.messages) == 1


def test_escalation_email_says_why_it_came(due_items, coordinator, settings, smtp_settings):
    settings.ESCALATE_AFTER_DAYS = 7
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    with SMTPServer() as server:
        smtp_settings(server.port)
        _tick()
    text = server.messages[0].get_payload()[0].get_payload(decode=True).decode()
    assert "long overdue" in server.messages[0]["Subject"] and "escalated to the lead focal points" in text
    assert "S/2017/130 ¶109" in text
