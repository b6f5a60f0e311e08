"""What each person should hear about: one grouped query, then groups per recipient.

A digest lists a focal point's bodies' open items that are overdue, due within 30, 7 or
1 days, or without an update for STALE_AFTER_DAYS. An escalation lists items overdue for
longer than ESCALATE_AFTER_DAYS, for the bodies' lead focal points and the coordinators.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from recommendations.models import Item, Membership, facts
from recommendations.permissions import COORDINATORS

from . import emails

# A digest row is a plain tuple of these, in this order, read by the indexes below (``shown``
# turns one into what an email shows): a dict for each of a sweep's (recipient, item) rows cost
# a fifth of the sweep (bench/reminder_sweep.py).
FIELDS = ("id", "seq", "sub_item", "status", "due_date", "quote", "summary", "summary_zh", "document__symbol",
          "paragraph__number")  # fmt: skip
ID, SEQ, SUB_ITEM, STATUS, DUE_DATE, QUOTE, SUMMARY, SUMMARY_ZH, SYMBOL, NUMBER = range(len(FIELDS))
ORDER = (F("due_date").asc(nulls_last=True), "document__symbol", "paragraph__number", "seq")
GROUPS = ("overdue", "due_1", "due_7", "due_30", "stale")


@dataclass
class Digest:
    groups: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in GROUPS})

    @property
    def item_ids(self) -> list[int]:
        return sorted({row[ID] for rows in self.groups.values() for row in rows})

    def __bool__(self) -> bool:
        return any(self.groups.values())


def _limits(today: datetime.date) -> tuple[datetime.date, ...]:
    """A recipient's today and the last days of its 1, 7 and 30 days' windows."""
    return today, *(today + datetime.timedelta(days=days) for days in (1, 7, 30))


def shown(row: tuple, language: str) -> dict:
    """A digest row as the email templates show it, in ``language`` (which must be active: the status label)."""
    return {
        "reference": facts.reference(row[SYMBOL], row[NUMBER], row[SUB_ITEM]),
        "status_label": str(Item.Status(row[STATUS]).label),
        "due_date": row[DUE_DATE],
        "summary": facts.summary_in(language, row[SUMMARY], row[SUMMARY_ZH]),
        "quote": row[QUOTE],
        "url": emails.item_url(row[ID]),
    }


def _group(status: str, due, stale: bool, limits: tuple[datetime.date, ...]) -> str | None:
    today, in_1, in_7, in_30 = limits
    if facts.is_overdue(status, due, today):
        return "overdue"
    if due is not None:
        if due <= in_1:
            return "due_1"
        if due <= in_7:
            return "due_7"
        if due <= in_30:
            return "due_30"
    return "stale" if stale else None


def digests_for(user_ids, *, now: datetime.datetime, today_of) -> dict[int, Digest]:
    """Digests of ``user_ids`` (only those with something to say); ``today_of(user_id)`` is their local date.

    One query whatever the number of items: open items joined to their owners' focal points,
    limited to what could be due or stale for anyone; then each recipient's groups in Python.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    latest_today = max(today_of(uid) for uid in user_ids)
    stale = Q(last_activity_at__lt=facts.stale_before(now))
    rows = (
        Item.objects.open()
        .filter(ownerships__body__memberships__user_id__in=user_ids)
        .filter(Q(due_date__lte=latest_today + datetime.timedelta(days=30)) | stale)
        # Sorted by the database, so each group fills in order; and stale or not is decided
        # there too, cheaper than reading every date-time back.
        .order_by(*ORDER)
        .values_list(*FIELDS, "ownerships__body__memberships__user_id", ExpressionWrapper(stale, BooleanField()))
    )
    limits = {uid: _limits(today_of(uid)) for uid in user_ids}
    digests: dict[int, Digest] = {}
    seen: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        item_id, recipient, is_stale = row[ID], row[-2], row[-1]
        if item_id in seen[recipient]:
            continue  # a focal point of two bodies that own the same item
        group = _group(row[STATUS], row[DUE_DATE], is_stale, limits[recipient])
        if group:
            seen[recipient].add(item_id)
            digest = digests.get(recipient)
            if digest is None:
                digest = digests[recipient] = Digest()
            digest.groups[group].append(row)
    return digests


def escalations(*, today: datetime.date) -> dict[int, list[tuple]]:
    """Items overdue past the threshold, per recipient: lead focal points of an owner body, and coordinators."""
    before = today - datetime.timedelta(days=settings.ESCALATE_AFTER_DAYS)
    overdue = list(Item.objects.open().filter(due_date__lt=before).order_by(*ORDER).values_list(*FIELDS))
    if not overdue:
        return {}
    by_id = {row[ID]: row for row in overdue}
    result: dict[int, dict[int, tuple]] = defaultdict(dict)
    leads = Membership.objects.filter(role=Membership.Role.LEAD, body__ownerships__item_id__in=list(by_id))
    for user_id, item_id in leads.values_list("user_id", "body__ownerships__item_id"):
        result[user_id][item_id] = by_id[item_id]
    coordinators = get_user_model().objects.filter(Q(groups__name=COORDINATORS) | Q(is_superuser=True), is_active=True)
    for user_id in coordinators.values_list("id", flat=True).distinct():
        result[user_id].update(by_id)
    return {user_id: list(items.values()) for user_id, items in result.items()}
