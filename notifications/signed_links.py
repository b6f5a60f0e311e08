"""Links in reminder emails that act without a login: signed per purpose, valid for a while.

Each purpose signs with its own salt, so a snooze link cannot be turned into an
unsubscribe link by editing the path. The signature carries its time (TimestampSigner),
and a link older than SIGNED_LINK_MAX_AGE_DAYS is refused: a forwarded or leaked email
stops working.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing

UNSUBSCRIBE = "notifications.unsubscribe"
SNOOZE = "notifications.snooze"


def token(purpose: str, user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=purpose)


def user_id(purpose: str, value: str) -> int:
    """The user a link was made for; SignatureExpired if too old, BadSignature if not made here for ``purpose``."""
    return signing.loads(value, salt=purpose, max_age=max_age())["u"]


def max_age() -> datetime.timedelta:
    # Read on every call, so a changed setting (or a test's) applies without a restart.
    return datetime.timedelta(days=settings.SIGNED_LINK_MAX_AGE_DAYS)
