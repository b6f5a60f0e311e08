"""Brute force on the API login: a lock-out per username and address, and a rate per address."""

import base64

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from recommendations.logins import LoginRateThrottle
from tests.recommendations.conftest import LOCKOUT_LIMIT as LIMIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def pinned_clock(monkeypatch):
    """The middle of one rate window, so that a test never straddles two."""
    monkeypatch.setattr(LoginRateThrottle, "timer", staticmethod(lambda: 1_800_000_030.0))


def _login(username, password, address="198.51.100.7", **headers):
    basic = base64.b64encode(f"{username}:{password}".encode()).decode()
    return APIClient().post("/api/v1/auth/login/", HTTP_AUTHORIZATION=f"Basic {basic}", REMOTE_ADDR=address, **headers)


def _fail(times, username="coordinator", address="198.51.100.7"):
    return [_login(username, "wrong", address).status_code for _ in range(times)]


def test_after_the_failure_limit_even_the_right_password_is_refused_with_429(lockout, coordinator):
    assert _fail(LIMIT) == [401] * (LIMIT - 1) + [429]
    response = _login("coordinator", "secret-password")
    assert response.status_code == 429
    body = response.json()
    assert body["status"] == 429 and body["code"] == "locked_out" and body["errors"] == []
    assert "try again in 15 minutes" in body["message"]
    assert response["Retry-After"] == "900"
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_a_lockout_holds_that_username_at_that_address_only(lockout, coordinator, viewer):
    _fail(LIMIT)
    assert _login("coordinator", "secret-password", address="198.51.100.8").status_code == 200
    assert _login("viewer", "secret-password").status_code == 200
    assert _login("coordinator", "secret-password").status_code == 429


def test_a_forged_x_forwarded_for_is_not_another_address(lockout, coordinator):
    for n in range(LIMIT):
        _login("coordinator", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert _login("coordinator", "secret-password", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_a_successful_login_starts_the_count_again(lockout, coordinator):
    _fail(LIMIT - 1)
    assert _login("coordinator", "secret-password").status_code == 200
    assert _fail(LIMIT - 1) == [401] * (LIMIT - 1)
    assert _login("coordinator", "secret-password").status_code == 200


def test_a_lockout_leaves_tokens_already_issued_working(lockout, api, coordinator):
    client = api(coordinator)
    _fail(LIMIT, address="127.0.0.1")
    assert _login("coordinator", "secret-password", address="127.0.0.1").status_code == 429
    assert client.get("/api/v1/me/").status_code == 200


def test_the_login_rate_counts_every_attempt_from_an_address_whatever_the_username(
    monkeypatch, pinned_clock, coordinator, viewer
):
    monkeypatch.setattr(LoginRateThrottle, "rate", "3/minute", raising=False)
    codes = [_login(name, "wrong").status_code for name in ("coordinator", "viewer", "nobody")]
    assert codes == [401, 401, 401]
    refused = _login("viewer", "secret-password", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 30  # the rest of the window
    assert _login("viewer", "secret-password", address="198.51.100.8").status_code == 200
