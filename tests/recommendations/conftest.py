import pytest

# Failed logins before a lock-out, in the login tests.
LOCKOUT_LIMIT = 3


@pytest.fixture
def lockout(settings, monkeypatch):
    """A lock-out after LOCKOUT_LIMIT failures, and a login rate high enough not to interfere."""
    from recommendations.logins import LoginRateThrottle

    settings.AXES_FAILURE_LIMIT = LOCKOUT_LIMIT
    monkeypatch.setattr(LoginRateThrottle, "rate", "1000/minute", raising=False)
