"""What is derived from an item's columns, each fact in one place.

The model's properties, the rows of lists, exports and webhooks (``recommendations.rows``) and
the reminder emails all call these: a second writer of the same fact drifts from the first.
Plain values in, so that a list row (no model instance) costs no more than one call per fact.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.conf import settings

from .choices import OPEN_STATUSES


def reference(symbol: str, number: int, sub_item: str = "") -> str:
    """How people cite an item: ``S/2017/130 ¶107`` or ``S/2017/130 ¶31(a)``; without a sub-item, its paragraph."""
    return f"{symbol} ¶{number}({sub_item})" if sub_item else f"{symbol} ¶{number}"


def key(number: int, seq: int) -> str:
    """An item's name within its document: paragraph and position (``109-1``)."""
    return f"{number}-{seq}"


def permalink_path(symbol: str, number: int, seq: int) -> str:
    """An item's stable address on the site: ``/items/S/2017/130/109-1/`` (its symbol's slashes kept)."""
    return f"/items/{quote(symbol, safe='/')}/{key(number, seq)}/"


def parse_key(text: str) -> tuple[int, int]:
    """The paragraph number and position a key names: ``109-1`` is (109, 1)."""
    number, _, seq = text.rpartition("-")
    return int(number), int(seq)


def is_overdue(status: str, due_date: datetime.date | None, today: datetime.date) -> bool:
    """Still to be done and due before ``today``."""
    return days_overdue(status, due_date, today) > 0


def days_overdue(status: str, due_date: datetime.date | None, today: datetime.date) -> int:
    """How many days past its due date an item still to be done is on ``today``; 0 when it is not overdue."""
    if status not in OPEN_STATUSES or due_date is None:
        return 0
    return max((today - due_date).days, 0)


def stale_before(now: datetime.datetime) -> datetime.datetime:
    """The last update an open item may be older than before it is stale (``settings.STALE_AFTER_DAYS``)."""
    return now - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def is_stale(status: str, last_activity_at: datetime.datetime, now: datetime.datetime) -> bool:
    """Still to be done and not updated for ``settings.STALE_AFTER_DAYS`` days."""
    return status in OPEN_STATUSES and last_activity_at < stale_before(now)


def etag(item_id: int, version: int) -> str:
    """The item's ETag: its id and version, quoted (``"12-3"``); If-Match compares against it."""
    return f'"{item_id}-{version}"'


def document_language(language: str) -> str:
    """The language of a report's versions (``Language``) that a person's language reads: ``zh-hans`` reads ``zh``."""
    return language.split("-", 1)[0]


def summary_in(language: str, summary: str, summary_zh: str) -> str:
    """The summary in ``language`` (Chinese for any ``zh…``, else English), or the other one when that is empty."""
    if language.startswith("zh"):
        return summary_zh or summary
    return summary or summary_zh
