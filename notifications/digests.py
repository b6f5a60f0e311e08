"""What each person should hear about: one grouped query, then groups per recipient.

A digest lists a focal point's bodies' open items that are overdue, due within 30, 7 or
1 days, or without an update for STALE_AFTER_DAYS. An escalation lists items overdue for
longer than ESCALATE_AFTER_DAYS, for the bodies' lead focal points and the coordinators.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone

from recommendations.models import Item, Membership
from recommendations.permissions import COORDINATORS

FIELDS = ("id", "seq", "sub_item", "status", "due_date", "last_activity_at", "quote", "summary", "summary_zh",
          "document__symbol", "paragraph__number")  # fmt: skip
GROUPS = ("overdue", "due_1", "due_7", "due_30", "stale")


@dataclass
class Digest:
    groups: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in GROUPS})

    @property
    def item_ids(self) -> list[int]:
        return sorted({row["id"] for rows in self.groups.values() for row in rows})

    def __bool__(self) -> bool:
        return any(self.groups.values())


def _group(row: dict, today: datetime.date, stale_before: datetime.datetime) -> str | None:
    due = row["due_date"]
    if due is not None:
        if due < today:
            return "overdue"
        for days in (1, 7, 30):
            if due <= today + datetime.timedelta(days=days):
                return f"due_{days}"
    if row["last_activity_at"] < stale_before:
        return "stale"
    return None


def digests_for(user_ids, *, now: datetime.datetime, today_of) -> dict[int, Digest]:
    """Digests of ``user_ids`` (only those with something to say); ``today_of(user_id)`` is their local date.

    One query: open items joined to their owners' focal points, limited to what could be
    due or stale for anyone, then sorted into each recipient's groups.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    latest_today = max(today_of(uid) for uid in user_ids)
    stale_before = now - datetime.timedelta(days=settings.STALE_AFTER_DAYS)
    rows = (
        Item.objects.open()
        .filter(ownerships__body__memberships__user_id__in=user_ids)
        .filter(Q(due_date__lte=latest_today + datetime.timedelta(days=30)) | Q(last_activity_at__lt=stale_before))
        .values(*FIELDS, recipient=F("ownerships__body__memberships__user_id"))
        .order_by("due_date", "document__symbol", "paragraph__number", "seq")
        .distinct()
    )
    digests: dict[int, Digest] = {}
    for row in rows:
        group = _group(row, today_of(row["recipient"]), stale_before)
        if group:
            digest = digests.setdefault(row["recipient"], Digest())
            if row["id"] not in {r["id"] for r in digest.groups[group]}:
                digest.groups[group].append(row)
    return digests


def escalations(*, now: datetime.datetime, today: datetime.date) -> dict[int, list[dict]]:
    """Items overdue past the threshold, per recipient: lead focal points of an owner body, and coordinators."""
    before = today - datetime.timedelta(days=settings.ESCALATE_AFTER_DAYS)
    overdue = list(
        Item.objects.open()
        .filter(due_date__lt=before)
        .values(*FIELDS)
        .order_by("due_date", "document__symbol", "paragraph__number", "seq")
    )
    if not overdue:
        return {}
    by_id = {row["id"]: row for row in overdue}
    result: dict[int, dict[int, dict]] = defaultdict(dict)
    leads = Membership.objects.filter(role=Membership.Role.LEAD, body__ownerships__item_id__in=list(by_id))
    for user_id, item_id in leads.values_list("user_id", "body__ownerships__item_id"):
        result[user_id][item_id] = by_id[item_id]
    coordinators = get_user_model().objects.filter(Q(groups__name=COORDINATORS) | Q(is_superuser=True), is_active=True)
    for user_id in coordinators.values_list("id", flat=True).distinct():
        result[user_id].update(by_id)
    return {user_id: list(items.values()) for user_id, items in result.items()}


def local_now(time_zone: str, now: datetime.datetime | None = None) -> datetime.datetime:
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = datetime.UTC
    return (now or timezone.now()).astimezone(zone)
