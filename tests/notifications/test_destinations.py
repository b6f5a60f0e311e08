"""Which URLs may be webhook destinations: refused when saved through the API or the admin.

Names are answered by the ``dns`` fixture: nothing here is looked up or sent off this host.
"""

import pytest
from django.urls import reverse

from notifications import destinations
from notifications.models import Webhook

pytestmark = pytest.mark.django_db

REFUSED = [
    # (URL, what the refusal must say)
    ("http://127.0.0.1:8000/hook", "resolves to 127.0.0.1, a loopback address"),
    ("http://localhost:8000/hook", "resolves to 127.0.0.1, a loopback address"),
    ("http://[::1]:8000/hook", "resolves to ::1, a loopback address"),
    ("http://[::ffff:127.0.0.1]/hook", "a loopback address"),
    ("http://10.0.0.5/hook", "resolves to 10.0.0.5, a private address"),
    ("http://192.168.1.10/hook", "resolves to 192.168.1.10, a private address"),
    ("http://172.16.0.1/hook", "resolves to 172.16.0.1, a private address"),
    ("http://169.254.169.254/latest/meta-data/", "resolves to 169.254.169.254, a link-local address"),
    ("http://[fe80::1]/hook", "resolves to fe80::1, a link-local address"),
    ("http://224.0.0.1/hook", "resolves to 224.0.0.1, a multicast address"),
    ("http://0.0.0.0:8000/hook", "resolves to 0.0.0.0, an unspecified address"),
    ("http://2130706433/hook", "resolves to 127.0.0.1, a loopback address"),
    ("http://0x7f.1/hook", "resolves to 127.0.0.1, a loopback address"),
    ("ftp://hooks.example.org/hook", "scheme 'ftp' is not http or https"),
    ("file:///etc/passwd", "scheme 'file' is not http or https"),
    ("http:///hook", "has no host"),
    ("http://no-such-host.invalid/hook", "host 'no-such-host.invalid' does not resolve"),
]


@pytest.fixture
def public_name(dns):
    dns["hooks.example.org"] = ["93.184.216.34"]
    return "https://hooks.example.org/tracker"


@pytest.mark.parametrize(("url", "problem"), REFUSED)
def test_the_api_refuses_a_destination_inside_the_host_or_its_network(api, coordinator, public_name, url, problem):
    response = api(coordinator).post("/api/v1/webhooks/", {"name": "dash", "url": url}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["field"] == "url"
    assert problem in body["errors"][0]["message"] and body["message"].endswith(": refused")
    assert not Webhook.objects.exists()


def test_the_api_accepts_a_name_that_resolves_only_to_public_addresses(api, coordinator, public_name):
    response = api(coordinator).post("/api/v1/webhooks/", {"name": "dash", "url": public_name}, format="json")
    assert response.status_code == 201, response.content
    assert Webhook.objects.get().url == public_name


def test_a_name_with_one_private_address_among_public_ones_is_refused(api, coordinator, dns):
    dns["mixed.example.org"] = ["93.184.216.34", "10.1.2.3"]
    response = api(coordinator).post("/api/v1/webhooks/", {"name": "x", "url": "http://mixed.example.org/"},
                                     format="json")  # fmt: skip
    assert response.status_code == 400
    assert "resolves to 10.1.2.3, a private address" in response.json()["message"]


def test_changing_a_webhook_to_a_loopback_url_is_refused_and_keeps_the_old_one(api, coordinator, public_name):
    client = api(coordinator)
    created = client.post("/api/v1/webhooks/", {"name": "dash", "url": public_name}, format="json").json()
    response = client.patch(f"/api/v1/webhooks/{created['id']}/", {"url": "http://127.0.0.1:6379/"}, format="json")
    assert response.status_code == 400 and "loopback" in response.json()["message"]
    assert Webhook.objects.get().url == public_name


def test_the_admin_form_refuses_the_cloud_metadata_address(client, coordinator, dns):
    client.force_login(coordinator)
    page = client.post(
        reverse("admin:notifications_webhook_add"),
        {"name": "metadata", "url": "http://169.254.169.254/latest/meta-data/", "secret": "s", "events": "[]",
         "active": "on"},
    )  # fmt: skip
    assert page.status_code == 200  # the form again, with its error
    assert "resolves to 169.254.169.254, a link-local address: refused" in page.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.0.0.5/",
     "http://169.254.169.254/"],
)  # fmt: skip
def test_allowing_private_networks_lets_local_receivers_be_registered(api, coordinator, dns, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    response = api(coordinator).post("/api/v1/webhooks/", {"name": "local", "url": url}, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("url", "problem"),
    [("ftp://127.0.0.1/hook", "scheme 'ftp'"), ("http://224.0.0.1/", "multicast"), ("http://0.0.0.0/", "unspecified"),
     ("http://240.0.0.1/", "reserved")],
)  # fmt: skip
def test_allowing_private_networks_still_refuses_other_schemes_and_non_receivers(dns, settings, url, problem):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    with pytest.raises(destinations.Refused, match=problem):
        destinations.check(url)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo, client 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("fc00::1", "private"),  # unique local
        ("100.64.0.1", "non-global"),  # carrier-grade NAT
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_ipv6_forms_are_judged_by_the_ipv4_address_they_carry(address, kind):
    import ipaddress

    assert destinations.classify(ipaddress.ip_address(address)) == kind


def test_the_check_returns_the_address_it_judged(dns):
    dns["hooks.example.org"] = ["93.184.216.34", "93.184.216.35"]
    checked = destinations.check("https://hooks.example.org/x")
    assert checked.address == "93.184.216.34"
