"""Reminder emails (digests and escalations) that are never lost and never doubled.

- ``plan`` writes one Outbox row per recipient × kind × period, under a unique constraint:
  two beats, or the same tick twice, add nothing. Whose digest is due is the Preference's rule.
- ``claim`` takes due rows with a lease (the leased outbox, ``leasing``).
- ``send`` checks its lease, then talks SMTP in phases (``smtp``). Before the message data goes
  out the row is marked ``sending``: a failure before that is retried (back-off stored on the
  row), a server's 5xx answer is ``failed``, and a stop after that point (a timeout, a killed
  worker) is ``unknown`` — the server may have accepted it, so it is shown, never blindly resent.
"""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from . import digests, emails, smtp
from .models import Outbox, Preference

GROUP_TITLES = {
    "overdue": gettext_noop("Overdue"),
    "due_1": gettext_noop("Due within 1 day"),
    "due_7": gettext_noop("Due within 7 days"),
    "due_30": gettext_noop("Due within 30 days"),
    "stale": gettext_noop("No update for a while"),
}


@dataclass
class PlanReport:
    recipients_considered: int
    planned: int
    created: int


def _outbox(kind: str, user, pref: Preference, period: str, groups: list[tuple[str, list[tuple]]], ids,
            quotes: digests.CarriedQuotes) -> Outbox:  # fmt: skip
    language = pref.language
    carried = quotes.read_in(language)
    with translation.override(language):
        titled = [
            {"title": translation.gettext(GROUP_TITLES.get(name, name)),
             "rows": [digests.shown(row, language, carried) for row in rows]}
            for name, rows in groups
        ]  # fmt: skip
    return emails.outbox(kind, user=user, language=pref.language, period=period,
                         context={"groups": titled, "total": len(ids)}, item_ids=ids)  # fmt: skip


def plan(*, now: datetime.datetime | None = None, dry_run: bool = False) -> tuple[PlanReport, list[Outbox]]:
    """Write the Outbox rows due by ``now``; returns what was planned (and, unless dry, stored)."""
    now = now or timezone.now()
    users = {
        u.pk: u
        for u in get_user_model().objects.filter(is_active=True, memberships__isnull=False).exclude(email="").distinct()
    }
    prefs = Preference.objects.for_users(list(users))
    periods = {uid: period for uid, pref in prefs.items() if (period := pref.digest_due(now))}
    already = set(
        Outbox.objects.filter(kind=Outbox.Kind.DIGEST, recipient_id__in=list(periods)).values_list(
            "recipient_id", "period"
        )
    )
    todo = [uid for uid, period in periods.items() if (uid, period) not in already]
    found = digests.digests_for(todo, now=now, today_of=lambda uid: prefs[uid].local_today(now),
                                languages={prefs[uid].language for uid in todo})  # fmt: skip
    planned = [
        _outbox(Outbox.Kind.DIGEST, users[uid], prefs[uid], periods[uid], list(d.groups.items()), d.item_ids, d.quotes)
        for uid, d in found.items()
    ]
    planned += _escalations(now)
    if dry_run:
        return PlanReport(len(users), len(planned), 0), planned
    # The unique constraint turns a second planner's rows into no-ops.
    created = Outbox.objects.bulk_create(planned, ignore_conflicts=True)
    return PlanReport(len(users), len(planned), len(created)), planned


def _escalations(now: datetime.datetime) -> list[Outbox]:
    today = now.date()
    by_user = digests.escalations(today=today)
    if not by_user:
        return []
    users = get_user_model().objects.in_bulk(list(by_user))
    prefs = Preference.objects.for_users(list(by_user))
    period = f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"
    existing = set(
        Outbox.objects.filter(kind=Outbox.Kind.ESCALATION, period=period).values_list("recipient_id", flat=True)
    )
    todo = [uid for uid in by_user if uid not in existing and users[uid].email and not prefs[uid].opted_out]
    quotes = digests.carried_quotes({row[digests.ID] for uid in todo for row in by_user[uid]},
                                    {prefs[uid].language for uid in todo})  # fmt: skip
    rows = []
    for uid in todo:
        items = by_user[uid]
        rows.append(_outbox(Outbox.Kind.ESCALATION, users[uid], prefs[uid], period, [("overdue", items)],
                            [row[digests.ID] for row in items], quotes))  # fmt: skip
    return rows


def send_now(*, user) -> str:
    """A digest for one person, at once, outside the schedule (the admin's "send digest now")."""
    now = timezone.now()
    prefs = Preference.objects.for_users([user.pk])
    found = digests.digests_for([user.pk], now=now, today_of=lambda uid: prefs[uid].local_today(now),
                                languages=[prefs[user.pk].language])  # fmt: skip
    digest = found.get(user.pk)
    if not digest:
        return f"{user}: nothing to report"
    # Its own period, so that it neither replaces nor blocks the scheduled one.
    period = f"now-{now:%Y%m%dT%H%M%S}"
    row = _outbox(Outbox.Kind.DIGEST, user, prefs[user.pk], period, list(digest.groups.items()), digest.item_ids,
                  digest.quotes)  # fmt: skip
    row.save()
    lease = Outbox.objects.claim_one(row.pk, now=now)
    if lease is None:
        return f"{user}: queued"
    return f"{user}: {send(outbox_id=row.pk, lease=lease)}"


def claim(*, limit: int = 200, now: datetime.datetime | None = None) -> list[tuple[int, datetime.datetime]]:
    """Take due rows with a lease. A row left ``sending`` by a stopped worker becomes ``unknown``."""
    return Outbox.objects.claim(limit=limit, now=now)


def _message(row: Outbox) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers={
            "Message-ID": row.message_id,
            "List-Unsubscribe": f"<{row.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(row.body_html, "text/html")
    return message


def send(*, outbox_id: int, lease: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """Send one claimed row; returns its new state ("not-ours" when the lease was lost)."""
    row = Outbox.objects.claimed(outbox_id, lease).first()
    if row is None:
        return "not-ours"
    message = _message(row)
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        # File and console backends (the embedded default) have no server to lose a message in.
        get_connection().send_messages([message])
        return row.record_done(lease)
    held = None

    def before_data() -> bool:
        nonlocal held  # the lease stretched over the data, under which the outcome is recorded
        held = row.mark_sending(lease, now=now)
        return held is not None

    try:
        if not smtp.send(message, before_data=before_data):
            return "not-ours"
    except smtp.MaybeDelivered as exc:
        return row.record_unknown(held, str(exc))
    except smtp.Refused as refused:
        if refused.permanent:
            return row.record_failed(held or lease, str(refused))
        return row.record_retry(held or lease, str(refused), now=now)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        return row.record_retry(lease, f"{type(exc).__name__}: {exc}", now=now)
    return row.record_done(held)


def requeue(rows) -> int:
    """Send again (a coordinator's decision for ``unknown`` or ``failed`` rows)."""
    return rows.requeue()
