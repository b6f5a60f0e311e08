"""The login rate in Redis: one counter for every process, raised atomically."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import redis
from django.test import RequestFactory, override_settings

from recommendations.logins import LoginRateThrottle

ROOT = Path(__file__).resolve().parents[2]
# A database of its own on the shared Redis; the tests delete only their own keys.
REDIS_URL = "redis://127.0.0.1:6379/14"
MOMENT = 1_800_000_030.0  # the middle of a rate window, so that a test never straddles two


def _redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason=f"no Redis at {REDIS_URL} (CI starts one)")


@pytest.fixture
def address():
    """A client address of this test alone; its counters are removed afterwards."""
    ident = f"test-{uuid.uuid4().hex}"
    yield ident
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(match=f"*{ident}*"):
        server.delete(key)


@pytest.fixture
def redis_cache(monkeypatch):
    monkeypatch.setattr(LoginRateThrottle, "timer", staticmethod(lambda: MOMENT))
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": REDIS_URL}}):  # fmt: skip
        yield


def _attempt(address) -> bool:
    return LoginRateThrottle().allow_request(RequestFactory().post("/", REMOTE_ADDR=address), None)


CHILD = """
from django.test import RequestFactory
from recommendations.logins import LoginRateThrottle
LoginRateThrottle.timer = staticmethod(lambda: {moment})
request = RequestFactory().post("/", REMOTE_ADDR="{address}")
print(*(LoginRateThrottle().allow_request(request, None) for _ in range(2)))
"""


def test_another_process_counts_on_the_same_login_counter(redis_cache, monkeypatch, address):
    monkeypatch.setattr(LoginRateThrottle, "rate", "3/minute", raising=False)
    assert [_attempt(address), _attempt(address)] == [True, True]
    env = {**os.environ, "DEBUG": "1", "CACHE_URL": REDIS_URL, "API_THROTTLE_LOGIN": "3/minute"}
    child = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CHILD.format(moment=MOMENT, address=address)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    assert child.stdout.splitlines()[-1].split() == ["True", "False"]  # its first is the third of the window
    assert _attempt(address) is False


def test_parallel_login_attempts_get_no_more_than_the_rate(redis_cache, monkeypatch, address):
    monkeypatch.setattr(LoginRateThrottle, "rate", "10/minute", raising=False)
    start, allowed = threading.Barrier(40), []

    def attempt():
        throttle = LoginRateThrottle()  # each thread has its own Redis connection
        start.wait()
        allowed.append(throttle.allow_request(RequestFactory().post("/", REMOTE_ADDR=address), None))

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 10
