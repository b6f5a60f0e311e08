"""One POST to a checked destination: to the address that was checked, no redirects, no body read.

What went wrong is stored and shown to API callers, so it is said in fixed words: the
status code, or a phrase per kind of failure, never the answer's body or exception text.

requests resolves a URL's name again when it connects; between the check and that second
lookup a name can be made to answer 127.0.0.1 (DNS rebinding). So the connection goes to
the address ``destinations.check`` judged, while the Host header, TLS SNI and certificate
check keep using the name, as they would for any client.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from .destinations import Destination


class PinnedAdapter(HTTPAdapter):
    """Connects every request to one address, whatever the URL's name resolves to now."""

    def __init__(self, address: str):
        self.address = address
        super().__init__(max_retries=0)  # one attempt: retries are the outbox's, with back-off

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        name = host_params["host"]
        if host_params["scheme"] == "https":
            # SNI and the certificate's name are the URL's host, not the address dialled.
            pool_kwargs = {**pool_kwargs, "server_hostname": name, "assert_hostname": name}
        return {**host_params, "host": self.address}, pool_kwargs

    def add_headers(self, request, **kwargs):
        # Without it the Host header would name the address dialled. The prepared URL has the
        # name IDNA-encoded, as a header needs it; userinfo never goes in the header.
        request.headers["Host"] = urlsplit(request.url).netloc.rpartition("@")[2]


def post(destination: Destination, *, body: bytes, headers: dict, timeout: float, verify=True) -> int:
    """POST ``body`` and return the status code; the answer's body is never downloaded."""
    with requests.Session() as session:
        # A proxy from the environment would resolve the name itself, undoing the pinning.
        session.trust_env = False
        adapter = PinnedAdapter(destination.address)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        response = session.post(
            destination.url,
            data=body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,  # a redirect could point anywhere, past the check
            stream=True,  # headers only: the receiver's answer is not needed and may be large
            verify=verify,
        )
        response.close()
        return response.status_code


def status_error(status: int) -> str:
    """Empty for a 2xx; otherwise the status and a fixed phrase, never the receiver's words."""
    if 200 <= status < 300:
        return ""
    if 300 <= status < 400:
        return f"HTTP {status}: redirects are not followed"
    return f"HTTP {status}"


def exception_error(exc: requests.RequestException) -> str:
    """A fixed phrase per kind of failure: exception text can quote what the remote end sent."""
    if isinstance(exc, requests.Timeout):
        return "timeout"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error"
    if isinstance(exc, requests.ConnectionError):
        return "connection refused" if _caused_by(exc, ConnectionRefusedError) else "connection failed"
    return "request failed"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is somewhere under ``exc``, as requests wraps urllib3 wrapping the OS error."""
    seen, todo = set(), [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo += [arg for arg in current.args if isinstance(arg, BaseException)]
    return False
