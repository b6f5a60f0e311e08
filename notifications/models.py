"""Webhooks and their deliveries; who hears what and when (Preference); the email outbox."""

from __future__ import annotations

import datetime
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations.models import Body, Event

from . import destinations
from .leasing import LeasedOutbox


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """An integrating system's subscription: item events POSTed, signed, to its URL."""

    name = models.CharField(_("name"), max_length=100)
    # Checked wherever a URL is entered (the API's serializer and the admin's form both run
    # model field validators); the sender checks again, as a name may resolve elsewhere later.
    url = models.URLField(_("URL"), max_length=500, validators=[destinations.validate])
    # Shared with the receiver, which checks the HMAC-SHA256 signature of each body with it.
    secret = models.CharField(_("secret"), max_length=64, default=new_secret)
    # Event kinds to send; empty sends every kind.
    events = models.JSONField(_("event kinds"), default=list, blank=True)
    # Only items owned by these bodies; none sends every item's events.
    bodies = models.ManyToManyField(Body, blank=True, related_name="webhooks", verbose_name=_("bodies"))
    active = models.BooleanField(_("active"), default=True)
    # The last event the planner has looked at for this webhook: it starts at the newest
    # event when the webhook is created, so a new subscriber is not sent the whole past.
    last_event_id = models.BigIntegerField(_("last event planned"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name


class Delivery(LeasedOutbox):
    """One event for one webhook: created once, sent until it is delivered or given up."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    # A POST carries the delivery's id, so a lease that ran out mid-send is simply claimed again.
    claimed_state = State.SENDING
    done_state = State.DELIVERED
    done_at_field = "delivered_at"
    lease_setting = "WEBHOOK_LEASE_SECONDS"
    max_attempts_setting = "WEBHOOK_MAX_ATTEMPTS"
    # 30 s, 1 min, 2 min, … capped at an hour.
    backoff_setting = "WEBHOOK_BACKOFF_SECONDS"
    backoff_cap_seconds = 3600

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # While a sender holds the row: another dispatcher may take it only after this.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # One delivery per event and subscriber: two planners cannot queue it twice.
            models.UniqueConstraint(fields=["webhook", "event"], name="delivery_webhook_event_unique"),
        ]
        indexes = [
            # The dispatcher's query: pending rows that are due, or sending rows whose lease ran out.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(state__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.webhook} · event {self.event_id} · {self.state}"


class PreferenceQuerySet(models.QuerySet):
    def for_users(self, user_ids) -> dict[int, Preference]:
        """Each user's preference; the defaults (unsaved) for those who never set one."""
        found = {p.user_id: p for p in self.filter(user_id__in=user_ids)}
        return {uid: found.get(uid) or Preference(user_id=uid) for uid in user_ids}


class Preference(models.Model):
    """How and when a person hears from the tracker."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        DAILY = "daily", _("daily")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    # Local day (0 = Monday) and hour at which the weekly digest is due; daily digests use the hour.
    weekday = models.PositiveSmallIntegerField(_("weekday"), default=0)
    hour = models.PositiveSmallIntegerField(_("hour"), default=8)
    opted_out = models.BooleanField(_("opted out"), default=False)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    event_notices = models.BooleanField(
        _("event notices"), default=False, help_text=_("an email when your bodies' items change, or await review")
    )
    # The newest event already considered for this person's notices.
    last_notice_event_id = models.BigIntegerField(_("last event noticed"), default=0)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6) & Q(hour__lte=23), name="preference_when_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_frequency_display()}"

    def local_now(self, now: datetime.datetime | None = None) -> datetime.datetime:
        """``now`` in this person's time zone (UTC if the zone is not known)."""
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = datetime.UTC
        return (now or timezone.now()).astimezone(zone)

    def local_today(self, now: datetime.datetime | None = None) -> datetime.date:
        return self.local_now(now).date()

    def is_quiet(self, now: datetime.datetime) -> bool:
        """Opted out, or snoozed through this person's today."""
        return self.opted_out or bool(self.snoozed_until and self.snoozed_until >= self.local_today(now))

    def digest_period(self, now: datetime.datetime) -> str | None:
        """The current period (a local date, or ISO week) if the digest is due by ``now`` in local time, else None."""
        local = self.local_now(now)
        if self.frequency == self.Frequency.DAILY:
            return local.date().isoformat() if local.hour >= self.hour else None
        year, week, weekday = local.isocalendar()
        due = (weekday - 1, local.hour) >= (self.weekday, self.hour)
        return f"{year}-W{week:02d}" if due else None

    def digest_due(self, now: datetime.datetime) -> str | None:
        """The period of the digest due for this person by ``now``; None if none is (or they are quiet)."""
        return None if self.is_quiet(now) else self.digest_period(now)


class Outbox(LeasedOutbox):
    """One email to one recipient for one period: planned once, sent once (or marked why not)."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("digest")
        ESCALATION = "escalation", _("escalation")
        NOTICE = "notice", _("event notice")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        CLAIMED = "claimed", _("claimed")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # The worker stopped while the mail server may already have accepted the message:
        # it is not sent again on its own, a coordinator decides.
        UNKNOWN = "unknown", _("unknown")

    claimed_state = State.CLAIMED
    # Set just before the message data goes out: from there the server may have accepted it.
    sending_state = State.SENDING
    unknown_state = State.UNKNOWN
    lost_mid_send = "the sender stopped after the message data may have reached the server"
    # Each socket operation of smtplib waits at most this long: one for the data, one for the answer.
    answer_wait_setting = "EMAIL_TIMEOUT"
    done_state = State.SENT
    done_at_field = "sent_at"
    lease_setting = "REMINDER_LEASE_SECONDS"
    max_attempts_setting = "REMINDER_MAX_ATTEMPTS"
    backoff_setting = "REMINDER_BACKOFF_SECONDS"
    backoff_cap_seconds = 6 * 3600

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=32, help_text=_("e.g. 2026-W48 or 2026-11-26"))
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    unsubscribe_url = models.URLField(_("unsubscribe URL"), max_length=500)
    item_ids = models.JSONField(_("items"), default=list)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbox email")
        verbose_name_plural = _("outbox")
        constraints = [
            # One email per recipient, kind and period: two beats or a repeated tick add nothing.
            models.UniqueConstraint(fields=["recipient", "kind", "period"], name="outbox_recipient_kind_period_unique"),
        ]
        indexes = [
            # The dispatcher's query: rows waiting or whose lease ran out, soonest first.
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=Q(state__in=["pending", "claimed", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.recipient_id}:{self.period} · {self.state}"


__all__ = ["Delivery", "Outbox", "Preference", "Webhook"]
