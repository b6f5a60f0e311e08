"""Sending a delivery: checked again, to the address checked, no redirects, nothing of the answer kept.

Every receiver listens on 127.0.0.1 (or ::1); names are answered by the ``dns`` fixture.
"""

import shutil
import subprocess
import time

import pytest
import requests

from notifications import destinations, outbound, webhooks
from notifications.models import Delivery, Webhook
from recommendations.models import Item
from recommendations.services import add_comment

from .receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def allowed(settings):
    """Receivers on this host are allowed, as for an integrator developing against the tracker."""
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True


def _deliver_one_event(url: str, actor) -> list[str]:
    """A webhook to ``url`` (saved without the API's check), one event, and one dispatcher run."""
    hook = Webhook(name="mission dashboard", url=url)
    webhooks.start_at_newest_event(hook)
    hook.save()
    add_comment(item=Item.objects.get(paragraph__number=109), actor=actor, comment="on it")
    webhooks.plan()
    return [webhooks.send(delivery_id=pk, lease=lease) for pk, lease in webhooks.claim()]


@pytest.mark.parametrize("named", [False, True], ids=["saved-while-allowed", "name-now-resolves-to-loopback"])
def test_a_destination_refused_at_send_time_is_sent_nothing(opened, coordinator, dns, named):
    with Receiver() as receiver:
        url = receiver.url
        if named:
            dns["hooks.example.org"] = ["127.0.0.1"]
            url = f"http://hooks.example.org:{receiver.port}/hook"
        assert _deliver_one_event(url, coordinator) == ["pending"]  # retried with back-off, as any failure
    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert (delivery.attempts, delivery.last_status) == (1, None)
    assert delivery.last_error == "destination refused: loopback address"


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed_and_is_a_failed_attempt(opened, coordinator, allowed, code):
    with Receiver() as target, Receiver(answers=(code,), headers={"Location": target.url}) as redirector:
        assert _deliver_one_event(redirector.url, coordinator) == ["pending"]
    assert len(redirector.requests) == 1 and target.requests == []  # the body and signature went nowhere else
    delivery = Delivery.objects.get()
    assert (delivery.last_status, delivery.last_error) == (code, f"HTTP {code}: redirects are not followed")


def _bad_status_line(handler):
    handler.wfile.write(b"SECRET-INTERNAL 200 OK\r\n\r\n")


def _silence(handler):
    time.sleep(2)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ({"answers": (500,), "body": b"SECRET-INTERNAL: db password is hunter2"}, "HTTP 500"),
        # http.client quotes a malformed status line in its exception.
        ({"respond": _bad_status_line}, "connection failed"),
        ({"respond": _silence}, "timeout"),
    ],
    ids=["body-of-a-500", "malformed-answer", "no-answer"],
)
def test_what_went_wrong_is_stored_in_fixed_words_never_the_receivers(api, opened, coordinator, allowed, settings,
                                                                      answer, error):  # fmt: skip
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    with Receiver(**answer) as receiver:
        assert _deliver_one_event(receiver.url, coordinator) == ["pending"]
    delivery = Delivery.objects.get()
    assert delivery.last_error == error
    shown = api(coordinator).get(f"/api/v1/webhooks/{delivery.webhook_id}/deliveries/")
    assert shown.json()[0]["last_error"] == error and "SECRET" not in shown.content.decode()


def _endless_answer(handler):
    handler.send_response(200)
    handler.send_header("Content-Length", str(10**9))
    handler.end_headers()
    stop = time.monotonic() + 20
    try:
        while time.monotonic() < stop:  # a byte at a time, never long enough apart for a read timeout
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass  # the sender hung up, as it should


def test_a_receiver_that_never_stops_answering_does_not_hold_the_sender(opened, coordinator, allowed, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    with Receiver(respond=_endless_answer) as receiver:
        started = time.monotonic()
        assert _deliver_one_event(receiver.url, coordinator) == ["delivered"]
        assert time.monotonic() - started < 2
    assert len(receiver.requests) == 1


def test_the_request_goes_to_the_address_checked_not_to_a_second_lookup(opened, coordinator, allowed, dns):
    # Both addresses are allowed here: the point is which one is dialled. A sender that looked
    # the name up again (as requests does by default) would reach the second receiver.
    with Receiver() as checked, Receiver(host="127.0.0.2", port=checked.port) as rebound:
        answers = iter([["127.0.0.1"]])
        dns["hooks.example.org"] = lambda: next(answers, ["127.0.0.2"])
        assert _deliver_one_event(f"http://hooks.example.org:{checked.port}/hook", coordinator) == ["delivered"]
    assert len(checked.requests) == 1 and rebound.requests == []
    assert checked.requests[0]["headers"]["Host"] == f"hooks.example.org:{checked.port}"


@pytest.mark.parametrize("name", ["bücher.example", "联合国.example"])
def test_an_international_name_goes_in_the_host_header_in_its_ascii_form(opened, coordinator, allowed, dns, name):
    dns[name] = ["127.0.0.1"]
    with Receiver() as receiver:
        assert _deliver_one_event(f"http://{name}:{receiver.port}/hook", coordinator) == ["delivered"]
    assert receiver.requests[0]["headers"]["Host"] == f"{name.encode('idna').decode()}:{receiver.port}"


def test_a_proxy_named_in_the_environment_is_not_used(opened, coordinator, allowed, monkeypatch):
    # A proxy would look the name up itself, past the check and the pinned address.
    with Receiver() as receiver, Receiver() as proxy:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        assert _deliver_one_event(receiver.url, coordinator) == ["delivered"]
    assert len(receiver.requests) == 1 and proxy.requests == []


def test_a_receiver_on_ipv6_loopback_gets_deliveries_when_allowed(opened, coordinator, allowed):
    with Receiver(host="::1") as receiver:
        assert _deliver_one_event(receiver.url, coordinator) == ["delivered"]
    assert len(receiver.requests) == 1


needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command makes the certificate")


def _certificate(directory, name: str) -> tuple[str, str]:
    """A self-signed certificate for ``name`` and its key, as file paths."""
    cert, key = str(directory / "cert.pem"), str(directory / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert,
         "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@needs_openssl
def test_https_dials_the_checked_address_but_keeps_the_name_for_sni_and_the_certificate(tmp_path, dns):
    cert, key = _certificate(tmp_path, "hooks.example.org")
    with Receiver(tls=(cert, key)) as receiver:
        url = f"https://hooks.example.org:{receiver.port}/hook"
        destination = destinations.Destination(url=url, address="127.0.0.1")
        assert outbound.post(destination, body=b"{}", headers={}, timeout=5, verify=cert) == 200
    assert receiver.server_names == ["hooks.example.org"]
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.org:{receiver.port}"


@needs_openssl
def test_https_to_a_certificate_for_another_name_is_a_tls_error(tmp_path, dns):
    cert, key = _certificate(tmp_path, "other.example.org")
    with Receiver(tls=(cert, key)) as receiver:
        destination = destinations.Destination(url=f"https://hooks.example.org:{receiver.port}/", address="127.0.0.1")
        with pytest.raises(requests.exceptions.SSLError) as failure:
            outbound.post(destination, body=b"{}", headers={}, timeout=5, verify=cert)
    assert receiver.requests == []
    assert outbound.exception_error(failure.value) == "TLS error"
