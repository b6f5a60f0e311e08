"""What other systems subscribe to, and every delivery made to them."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations.models import Body, Event
from recommendations.models.events import EventKind


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """An integrating system's subscription: item events POSTed, signed, to its URL."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
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

    def wants(self, kind: str) -> bool:
        return not self.events or kind in self.events


class Delivery(models.Model):
    """One event for one webhook: created once, sent until it is delivered or given up."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

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


__all__ = ["Delivery", "EventKind", "Webhook"]
