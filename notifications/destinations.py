"""Whether a URL may be a webhook destination: http(s), a name that resolves, only to public addresses.

A webhook makes the server send requests where a coordinator says; without this check
that is a way into the host itself (loopback), the internal network (private ranges) or
the cloud metadata service (169.254.169.254). The name is resolved here and every address
it resolves to is judged, so a name or an odd literal (``0x7f.1``, ``2130706433``) cannot
hide a loopback address. The sender connects to the address judged here, never to a
second resolution of the name, which could answer differently (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

SCHEMES = {"http": 80, "https": 443}
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits, as 6to4 and Teredo do.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# What WEBHOOK_ALLOW_PRIVATE_NETWORKS lets through: receivers on this host or its network.
# Multicast, unspecified and reserved addresses are never a receiver, so they stay refused.
LOCAL_KINDS = {"loopback", "private", "link-local", "non-global"}

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """A destination that may not be used; ``reason`` is a fixed phrase, ``str()`` says more."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Destination:
    """A checked URL and the one address the request must go to."""

    url: str
    address: str


def check(url: str) -> Destination:
    """The URL's destination, resolved and judged; Refused if it may not be used."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("webhook URL cannot be read: refused", "unreadable URL") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        named = f"scheme {scheme!r} is not http or https" if scheme else "has no scheme (http or https)"
        raise Refused(f"webhook URL {named}: refused", "scheme not allowed")
    host = parts.hostname
    if not host:
        raise Refused("webhook URL has no host: refused", "no host")
    addresses = resolve(host, port or SCHEMES[scheme])
    for address in addresses:
        kind = classify(address)
        if kind and not (kind in LOCAL_KINDS and settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS):
            article = "an" if kind[0] in "aeiou" else "a"
            raise Refused(f"webhook URL resolves to {address}, {article} {kind} address: refused", f"{kind} address")
    return Destination(url=url, address=str(addresses[0]))


def resolve(host: str, port: int) -> list[Address]:
    """Every address the name resolves to, as the connection would see them."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        # gaierror is an OSError; an over-long or malformed label fails in the IDNA codec.
        raise Refused(f"webhook URL host {host!r} does not resolve: refused", "name does not resolve") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise Refused(f"webhook URL host {host!r} does not resolve: refused", "name does not resolve")
    return addresses


def classify(address: Address) -> str | None:
    """None for an address reachable from the whole internet; otherwise what kind it is."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return classify(embedded)
    # Most specific first, so a refusal names what the address really is, and a reserved
    # address (240.0.0.1, which ipaddress also calls private) stays refused even under
    # WEBHOOK_ALLOW_PRIVATE_NETWORKS.
    for kind, flag in (
        ("loopback", "is_loopback"),
        ("unspecified", "is_unspecified"),
        ("link-local", "is_link_local"),
        ("multicast", "is_multicast"),
        ("reserved", "is_reserved"),
        ("private", "is_private"),
    ):
        if getattr(address, flag):
            return kind
    return None if address.is_global else "non-global"


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (::ffff:a.b.c.d, 6to4, Teredo, NAT64), if any."""
    if address.version == 4:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]  # (server, client): the client is where packets end up
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def validate(url: str) -> None:
    """A field validator: the same check, as the form or serializer error that names the problem."""
    try:
        check(url)
    except Refused as refused:
        raise ValidationError(str(refused), code="destination_refused") from None
