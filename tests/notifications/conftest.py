import datetime
import ipaddress
import socket

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


@pytest.fixture
def dns(monkeypatch):
    """A resolver of the test's own, so no name is ever looked up on the network.

    ``dns["hooks.example.org"] = ["93.184.216.34"]`` answers that; a callable value is asked
    on every lookup (a name that changes its answer). Address literals, in any form the C
    resolver reads without a lookup (``0x7f.1``), resolve as usual, and localhost from the
    hosts file; any other name does not resolve.
    """
    real = socket.getaddrinfo
    names: dict = {}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host in names:
            answer = names[host]() if callable(names[host]) else names[host]
            return [_info(address, port) for address in answer]
        if host == "localhost":
            return real(host, port, family, type, proto, flags)
        try:
            return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


def _info(address: str, port: int) -> tuple:
    if ipaddress.ip_address(address).version == 6:
        return (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))


# Thursday 2027-03-04 09:00 UTC: Monday-08:00 weekly digests of that ISO week are due everywhere.
NOW = datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def due_items(opened):
    """¶109 (TPCC) overdue, ¶44 (AU) due in five days, relative to NOW."""
    set_due_date(item=opened.items.get(paragraph__number=109), actor=None, due_date=datetime.date(2027, 2, 20))
    set_due_date(item=opened.items.get(paragraph__number=44), actor=None, due_date=datetime.date(2027, 3, 9))
    return opened
