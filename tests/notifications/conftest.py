import datetime

import pytest

from recommendations.services import set_due_date


@pytest.fixture
def smtp_settings(settings):
    """Send through real SMTP (the servers in smtp.py) with a short timeout."""

    def use(port: int):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 2

    return use


# Thursday 2027-03-04 09:00 UTC: Monday-08:00 weekly digests of that ISO week are due everywhere.
NOW = datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def due_items(opened):
    """¶109 (TPCC) overdue, ¶44 (AU) due in five days, relative to NOW."""
    set_due_date(item=opened.items.get(paragraph__number=109), actor=None, due_date=datetime.date(2027, 2, 20))
    set_due_date(item=opened.items.get(paragraph__number=44), actor=None, due_date=datetime.date(2027, 3, 9))
    return opened
