"""Brute force on the admin's login form: the same lock-out and rate as the API's login."""

import pytest
from django.test import Client

from recommendations.logins import LoginRateThrottle
from tests.recommendations.conftest import LOCKOUT_LIMIT as LIMIT

pytestmark = pytest.mark.django_db


def _login(username, password, address="198.51.100.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return response, client


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_locks_out_after_the_failure_limit_with_a_page_not_an_error(lockout, coordinator):
    codes = [_login("coordinator", "wrong")[0].status_code for _ in range(LIMIT)]
    assert codes == [200] * (LIMIT - 1) + [429]  # the form again with its error, then the lock-out
    response, client = _login("coordinator", "secret-password")
    assert response.status_code == 429 and not _logged_in(client)
    page = response.content.decode()
    assert "try again in 15 minutes" in page and 'name="password"' not in page
    assert response["Retry-After"] == "900"


def test_an_admin_lockout_holds_that_username_at_that_address_only(lockout, coordinator, viewer):
    for _ in range(LIMIT):
        _login("coordinator", "wrong")
    response, client = _login("coordinator", "secret-password", address="198.51.100.8")
    assert response.status_code == 302 and _logged_in(client)
    response, client = _login("viewer", "secret-password")
    assert response.status_code == 302 and _logged_in(client)


def test_a_successful_admin_login_starts_the_count_again(lockout, coordinator):
    for _ in range(LIMIT - 1):
        _login("coordinator", "wrong")
    assert _login("coordinator", "secret-password")[0].status_code == 302
    for _ in range(LIMIT - 1):
        assert _login("coordinator", "wrong")[0].status_code == 200
    response, client = _login("coordinator", "secret-password")
    assert response.status_code == 302 and _logged_in(client)


def test_the_admin_login_rate_counts_every_attempt_from_an_address_whatever_the_username(
    monkeypatch, coordinator, viewer
):
    monkeypatch.setattr(LoginRateThrottle, "rate", "3/minute", raising=False)
    monkeypatch.setattr(LoginRateThrottle, "timer", staticmethod(lambda: 1_800_000_030.0))
    for name in ("coordinator", "viewer", "nobody"):
        assert _login(name, "wrong")[0].status_code == 200
    response, client = _login("viewer", "secret-password")
    assert response.status_code == 429 and not _logged_in(client)
    assert "Too many login attempts from this address" in response.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.7").get("/admin/login/").status_code == 200  # the form is no attempt
    assert _login("viewer", "secret-password", address="198.51.100.8")[0].status_code == 302


def test_the_lockout_page_speaks_the_browsers_language(lockout, coordinator):
    for _ in range(LIMIT):
        _login("coordinator", "wrong")
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.post("/admin/login/", {"username": "coordinator", "password": "secret-password"})
    assert response.status_code == 429
    assert "请在 15 分钟后重试" in response.content.decode()
