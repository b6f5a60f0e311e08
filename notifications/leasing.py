"""A leased outbox: rows that senders claim with a lease, send, and record, shared by Outbox and Delivery.

- ``claim`` takes due rows with a conditional UPDATE and a lease; another process that got
  there first finds nothing to update, and running it twice is harmless.
- A sender checks its lease before it sends and records the outcome only while it still
  holds the lease: a sender whose lease ran out and was taken over writes nothing.
- Retries and back-off are stored on the row, not in Celery countdowns.
- A model with a ``sending_state`` (the message may already be with the receiver) marks a
  row whose lease ran out there ``unknown``: it is shown, never blindly sent again. Without
  one, a row whose lease ran out is simply claimed again.
- So a sender starts the message only while its lease runs, and stretches the lease over the
  longest wait for the receiver's answer: a row is declared unknown only once its sender, alive,
  would have given up waiting too; a sender that was killed is what leaves it unknown.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LeasedQuerySet(models.QuerySet):
    def claimed(self, pk, lease: datetime.datetime) -> LeasedQuerySet:
        """The row ``pk`` if it is claimed under ``lease``, not yet sending (empty otherwise)."""
        return self.filter(pk=pk, state=self.model.claimed_state, lease_until=lease)

    def held(self, pk, lease: datetime.datetime) -> LeasedQuerySet:
        """The row ``pk`` while the sender with ``lease`` still holds it (empty otherwise)."""
        return self.filter(pk=pk, state__in=self.model.held_states(), lease_until=lease)

    def claim(self, *, limit: int, now: datetime.datetime | None = None) -> list[tuple]:
        """Take due rows with a lease; returns (pk, lease) of each row this caller got."""
        model = self.model
        now = now or timezone.now()
        if model.sending_state:
            self.filter(state=model.sending_state, lease_until__lt=now).update(
                state=model.unknown_state, lease_until=None, last_error=model.lost_mid_send
            )
        lease = now + datetime.timedelta(seconds=getattr(settings, model.lease_setting))
        due = Q(state=model.State.PENDING, next_attempt_at__lte=now) | Q(state=model.claimed_state, lease_until__lt=now)
        claimed = []
        for pk in self.filter(due).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]:
            # Conditional: if another process changed the row since it was read, this updates nothing.
            if self.filter(due, pk=pk).update(state=model.claimed_state, lease_until=lease):
                claimed.append((pk, lease))
        return claimed

    def claim_one(self, pk, *, now: datetime.datetime) -> datetime.datetime | None:
        """Claim the pending row ``pk`` whether due or not; its lease, or None if it was not pending."""
        lease = now + datetime.timedelta(seconds=getattr(settings, self.model.lease_setting))
        pending = self.filter(pk=pk, state=self.model.State.PENDING)
        got = pending.update(state=self.model.claimed_state, lease_until=lease)
        return lease if got else None

    def requeue(self, **also) -> int:
        """Send again from the start (a coordinator's decision); rows a sender holds are left alone."""
        return self.exclude(state__in=self.model.held_states()).update(
            state=self.model.State.PENDING, attempts=0, next_attempt_at=timezone.now(), lease_until=None, **also
        )


class LeasedOutbox(models.Model):
    """A leased outbox row's behaviour; the concrete model declares the columns and which state means what.

    The model has a ``State`` choices class with at least ``PENDING`` and ``FAILED``, and the
    columns ``state``, ``attempts``, ``next_attempt_at``, ``lease_until``, ``last_error`` and
    ``done_at_field``. Columns stay on each model, so their order and migrations stay as they were.
    """

    # The names of the settings that hold the lease, the attempts allowed and the first back-off.
    lease_setting: ClassVar[str]
    max_attempts_setting: ClassVar[str]
    backoff_setting: ClassVar[str]
    backoff_cap_seconds: ClassVar[int]
    claimed_state: ClassVar[str]
    done_state: ClassVar[str]
    done_at_field: ClassVar[str]
    # Where the receiver may already have the message; None if a claimed row is never there.
    sending_state: ClassVar[str | None] = None
    unknown_state: ClassVar[str | None] = None
    lost_mid_send: ClassVar[str] = ""
    # With a sending_state: the setting that bounds each wait on the receiver (seconds); sending
    # takes at most two of them, the message going out and the answer coming back.
    answer_wait_setting: ClassVar[str | None] = None

    objects = LeasedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def held_states(cls) -> list[str]:
        return [state for state in (cls.claimed_state, cls.sending_state) if state]

    @classmethod
    def backoff(cls, attempts: int) -> datetime.timedelta:
        """The first back-off, doubled after each attempt, capped."""
        seconds = getattr(settings, cls.backoff_setting) * 2 ** (attempts - 1)
        return datetime.timedelta(seconds=min(seconds, cls.backoff_cap_seconds))

    def _mine(self, lease: datetime.datetime) -> LeasedQuerySet:
        return type(self).objects.held(self.pk, lease)

    def mark_sending(self, lease: datetime.datetime, *,
                     now: datetime.datetime | None = None) -> datetime.datetime | None:  # fmt: skip
        """From here the receiver may have the message: the lease that holds the row until the sender is done.

        None if the lease was lost or has run out (send nothing: another sender may take the row
        over at any moment). The caller records the outcome under the lease returned.
        """
        now = now or timezone.now()
        if lease <= now:
            return None
        if not self.sending_state:
            return lease if self._mine(lease).exists() else None  # claimed already means sending
        wait = datetime.timedelta(seconds=2 * getattr(settings, self.answer_wait_setting))
        held = max(lease, now + wait)
        mine = self._mine(lease).filter(state=self.claimed_state)
        return held if mine.update(state=self.sending_state, lease_until=held) else None

    def record_done(self, lease: datetime.datetime, **also) -> str:
        self._mine(lease).update(state=self.done_state, lease_until=None, attempts=self.attempts + 1, last_error="",
                                 **{self.done_at_field: timezone.now()}, **also)  # fmt: skip
        return self.done_state

    def record_failed(self, lease: datetime.datetime, error: str, **also) -> str:
        self._mine(lease).update(state=self.State.FAILED, lease_until=None, attempts=self.attempts + 1,
                                 last_error=error[:500], **also)  # fmt: skip
        return self.State.FAILED

    def record_unknown(self, lease: datetime.datetime, error: str) -> str:
        """The receiver may have accepted the message: not sent again on its own, a coordinator decides."""
        self._mine(lease).update(state=self.unknown_state, lease_until=None, attempts=self.attempts + 1,
                                 last_error=error[:500])  # fmt: skip
        return self.unknown_state

    def record_retry(self, lease: datetime.datetime, error: str, *, now: datetime.datetime | None = None,
                     **also) -> str:  # fmt: skip
        """Pending again after a back-off, or failed once the attempts are used up."""
        attempts = self.attempts + 1
        if attempts >= getattr(settings, self.max_attempts_setting):
            return self.record_failed(lease, error, **also)
        self._mine(lease).update(state=self.State.PENDING, lease_until=None, attempts=attempts, last_error=error[:500],
                                 next_attempt_at=(now or timezone.now()) + self.backoff(attempts), **also)  # fmt: skip
        return self.State.PENDING
