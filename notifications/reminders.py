"""Reminder emails that are never lost and never doubled.

- ``plan`` writes one Outbox row per recipient × kind × period, under a unique constraint:
  two beats, or the same tick twice, add nothing.
- ``claim`` takes due rows with a conditional UPDATE and a lease; another process that got
  there first simply finds nothing to update.
- ``send`` checks its lease, then talks SMTP in phases. Before the message data goes out the
  row is marked ``sending``: a failure before that is retried (back-off stored on the row), a
  server's 5xx answer is ``failed``, and a stop after that point (a timeout, a killed worker)
  is ``unknown`` — the server may have accepted it, so it is shown, never blindly resent.
"""

from __future__ import annotations

import datetime
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from recommendations.models import Item

from . import digests, emails
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


def period_of(pref: Preference, now: datetime.datetime) -> str | None:
    """The recipient's current period if its digest is due by now (local time), else None."""
    local = digests.local_now(pref.time_zone, now)
    if pref.frequency == Preference.Frequency.DAILY:
        return local.date().isoformat() if local.hour >= pref.hour else None
    year, week, weekday = local.isocalendar()
    due = (weekday - 1, local.hour) >= (pref.weekday, pref.hour)
    return f"{year}-W{week:02d}" if due else None


def _preferences(user_ids) -> dict[int, Preference]:
    found = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    return {uid: found.get(uid) or Preference(user_id=uid) for uid in user_ids}


def _rows(rows: list[tuple], language: str) -> list[dict]:
    """Digest rows (``digests.FIELDS``, then maybe more) as the email templates show them."""
    chinese = language.startswith("zh")
    shown = []
    with translation.override(language):
        for item_id, _seq, sub_item, status, due_date, quote, summary, summary_zh, symbol, number, *_ in rows:
            shown.append(
                {
                    "reference": f"{symbol} ¶{number}" + (f"({sub_item})" if sub_item else ""),
                    "status_label": str(Item.Status(status).label),
                    "due_date": due_date,
                    "summary": (summary_zh or summary) if chinese else summary,
                    "quote": quote,
                    "url": emails.item_url(item_id),
                }
            )
    return shown


def _outbox(kind: str, user, pref: Preference, period: str, groups: list[tuple[str, list[dict]]], ids) -> Outbox:
    with translation.override(pref.language):
        titled = [{"title": translation.gettext(GROUP_TITLES.get(name, name)), "rows": _rows(rows, pref.language)}
                  for name, rows in groups]  # fmt: skip
    subject, text, html = emails.render(
        kind, user=user, language=pref.language, context={"groups": titled, "total": len(ids)}
    )
    return Outbox(
        recipient=user,
        kind=kind,
        period=period,
        message_id=emails.message_id(kind, user.pk, period),
        to=user.email,
        subject=subject,
        body_text=text,
        body_html=html,
        unsubscribe_url=emails.unsubscribe_url(user.pk),
        item_ids=list(ids),
    )


def plan(*, now: datetime.datetime | None = None, dry_run: bool = False) -> tuple[PlanReport, list[Outbox]]:
    """Write the Outbox rows due by ``now``; returns what was planned (and, unless dry, stored)."""
    now = now or timezone.now()
    users = {
        u.pk: u
        for u in get_user_model().objects.filter(is_active=True, memberships__isnull=False).exclude(email="").distinct()
    }
    prefs = _preferences(list(users))
    periods = {}
    for uid, pref in prefs.items():
        local_today = digests.local_now(pref.time_zone, now).date()
        if pref.opted_out or (pref.snoozed_until and pref.snoozed_until >= local_today):
            continue
        period = period_of(pref, now)
        if period:
            periods[uid] = period
    already = set(
        Outbox.objects.filter(kind=Outbox.Kind.DIGEST, recipient_id__in=list(periods)).values_list(
            "recipient_id", "period"
        )
    )
    todo = [uid for uid, period in periods.items() if (uid, period) not in already]
    found = digests.digests_for(todo, now=now, today_of=lambda uid: digests.local_now(prefs[uid].time_zone, now).date())
    planned = [
        _outbox(Outbox.Kind.DIGEST, users[uid], prefs[uid], periods[uid], list(d.groups.items()), d.item_ids)
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
    prefs = _preferences(list(by_user))
    period = f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"
    existing = set(
        Outbox.objects.filter(kind=Outbox.Kind.ESCALATION, period=period).values_list("recipient_id", flat=True)
    )
    rows = []
    for uid, items in by_user.items():
        user = users[uid]
        if uid in existing or not user.email or prefs[uid].opted_out:
            continue
        rows.append(_outbox(Outbox.Kind.ESCALATION, user, prefs[uid], period, [("overdue", items)],
                            [row[0] for row in items]))  # fmt: skip
    return rows


def notice_outbox(user, pref: Preference, events, *, period: str) -> Outbox:
    with translation.override(pref.language):
        rows = [
            {
                "reference": event.item.reference,
                "what": str(event.get_kind_display()),
                "change": f"{event.from_label} → {event.to_label}" if (event.from_value or event.to_value) else "",
                "by": event.actor.get_username() if event.actor else "",
                "comment": event.comment,
                "evidence": event.evidence_link,
                "url": emails.item_url(event.item_id),
            }
            for event in events
        ]
    subject, text, html = emails.render(
        "notice", user=user, language=pref.language, context={"events": rows, "total": len(rows)}
    )
    return Outbox(
        recipient=user,
        kind=Outbox.Kind.NOTICE,
        period=period,
        message_id=emails.message_id(Outbox.Kind.NOTICE, user.pk, period),
        to=user.email,
        subject=subject,
        body_text=text,
        body_html=html,
        unsubscribe_url=emails.unsubscribe_url(user.pk),
        item_ids=sorted({event.item_id for event in events}),
    )


def send_now(*, user) -> str:
    """A digest for one person, at once, outside the schedule (the admin's "send digest now")."""
    now = timezone.now()
    prefs = _preferences([user.pk])
    found = digests.digests_for(
        [user.pk], now=now, today_of=lambda uid: digests.local_now(prefs[uid].time_zone, now).date()
    )
    digest = found.get(user.pk)
    if not digest:
        return f"{user}: nothing to report"
    # Its own period, so that it neither replaces nor blocks the scheduled one.
    period = f"now-{now:%Y%m%dT%H%M%S}"
    row = _outbox(Outbox.Kind.DIGEST, user, prefs[user.pk], period, list(digest.groups.items()), digest.item_ids)
    row.save()
    lease = now + datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    claimed = Outbox.objects.filter(pk=row.pk, state=Outbox.State.PENDING).update(
        state=Outbox.State.CLAIMED, lease_until=lease
    )
    if not claimed:
        return f"{user}: queued"
    return f"{user}: {send(outbox_id=row.pk, lease=lease)}"


# -- sending --------------------------------------------------------------------------------


def claim(*, limit: int = 200, now: datetime.datetime | None = None) -> list[tuple[int, datetime.datetime]]:
    """Take due rows with a lease. A row left ``sending`` by a stopped worker becomes ``unknown``."""
    now = now or timezone.now()
    Outbox.objects.filter(state=Outbox.State.SENDING, lease_until__lt=now).update(
        state=Outbox.State.UNKNOWN,
        lease_until=None,
        last_error="the sender stopped after the message data may have reached the server",
    )
    lease = now + datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    due = Q(state=Outbox.State.PENDING, next_attempt_at__lte=now) | Q(state=Outbox.State.CLAIMED, lease_until__lt=now)
    claimed = []
    for pk in Outbox.objects.filter(due).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]:
        if Outbox.objects.filter(due, pk=pk).update(state=Outbox.State.CLAIMED, lease_until=lease):
            claimed.append((pk, lease))
    return claimed


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
    row = Outbox.objects.filter(pk=outbox_id, state=Outbox.State.CLAIMED, lease_until=lease).first()
    if row is None:
        return "not-ours"
    message = _message(row)
    mine = Outbox.objects.filter(pk=row.pk, lease_until=lease)
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        # File and console backends (the embedded default) have no server to lose a message in.
        get_connection().send_messages([message])
        return _done(mine, row)
    try:
        with smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT) as smtp:
            smtp.ehlo()
            if settings.EMAIL_USE_TLS:
                smtp.starttls()
                smtp.ehlo()
            if settings.EMAIL_HOST_USER:
                smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
            code, reply = smtp.mail(message.from_email)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, message.from_email)
            code, reply = smtp.rcpt(row.to)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({row.to: (code, reply)})
            # From here the server may accept the message before this process can record it.
            if not mine.filter(state=Outbox.State.CLAIMED).update(state=Outbox.State.SENDING):
                smtp.rset()
                return "not-ours"
            try:
                code, reply = smtp.data(message.message().as_bytes(linesep="\r\n"))
                if code != 250:
                    # The server answered: it did not take the message.
                    raise smtplib.SMTPDataError(code, reply)
            except smtplib.SMTPResponseException:
                raise  # an answer, not a silence: handled below as refused
            except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
                error = f"{type(exc).__name__} while the server had the message: {exc}"[:500]
                mine.update(state=Outbox.State.UNKNOWN, lease_until=None, attempts=row.attempts + 1, last_error=error)
                return Outbox.State.UNKNOWN
    except smtplib.SMTPResponseException as exc:
        return _refused(mine, row, exc.smtp_code, exc.smtp_error, now)
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        return _refused(mine, row, code, reply, now)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        return _retry(mine, row, f"{type(exc).__name__}: {exc}", now)
    return _done(mine, row)


def _done(mine, row: Outbox) -> str:
    mine.update(state=Outbox.State.SENT, sent_at=timezone.now(), lease_until=None, attempts=row.attempts + 1,
                last_error="")  # fmt: skip
    return Outbox.State.SENT


def _refused(mine, row: Outbox, code: int, reply, now) -> str:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if 500 <= code < 600:
        mine.update(state=Outbox.State.FAILED, lease_until=None, attempts=row.attempts + 1,
                    last_error=f"{code} {text}"[:500])  # fmt: skip
        return Outbox.State.FAILED
    return _retry(mine, row, f"{code} {text}", now)


def _retry(mine, row: Outbox, error: str, now: datetime.datetime | None) -> str:
    attempts = row.attempts + 1
    if attempts >= settings.REMINDER_MAX_ATTEMPTS:
        mine.update(state=Outbox.State.FAILED, lease_until=None, attempts=attempts, last_error=error[:500])
        return Outbox.State.FAILED
    delay = min(settings.REMINDER_BACKOFF_SECONDS * 2 ** (attempts - 1), 6 * 3600)
    mine.update(state=Outbox.State.PENDING, lease_until=None, attempts=attempts, last_error=error[:500],
                next_attempt_at=(now or timezone.now()) + datetime.timedelta(seconds=delay))  # fmt: skip
    return Outbox.State.PENDING


def requeue(rows) -> int:
    """Send again (a coordinator's decision for ``unknown`` or ``failed`` rows)."""
    return rows.exclude(state__in=[Outbox.State.CLAIMED, Outbox.State.SENDING]).update(
        state=Outbox.State.PENDING, attempts=0, next_attempt_at=timezone.now(), lease_until=None
    )
