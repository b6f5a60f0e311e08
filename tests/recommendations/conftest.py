import pytest

# Failed logins before a lock-out, in the login tests.
LOCKOUT_LIMIT = 3


@pytest.fixture
def lockout(settings, monkeypatch):
    """A lock-out after LOCKOUT_LIMIT failures, and a login rate high enough not to interfere."""
    from recommendations.logins import LoginRateThrottle

    settings.AXES_FAILURE_LIMIT = LOCKOUT_LIMIT
    monkeypatch.setattr(LoginRateThrottle, "rate", "1000/minute", raising=False)


@pytest.fixture
def linked(opened, coordinator):
    """The next report (S/2095/130) imported after S/2017/130, its three likeliest links confirmed (one
    with its relation changed), the next rejected, the rest left proposed; the confirmed links, likeliest first."""
    from django.conf import settings

    from recommendations.models import Link
    from recommendations.services import decide_link, import_document

    import_document(data=(settings.FIXTURES_DIR / "lineage" / "S-2095-130.zh.txt").read_bytes())
    first, second, third, fourth = Link.objects.order_by("-similarity", "pk")[:4]
    confirmed = [
        decide_link(link=first, actor=coordinator, confirm=True),
        decide_link(link=second, actor=coordinator, confirm=True, relation=Link.Relation.SUPERSEDES),
        decide_link(link=third, actor=coordinator, confirm=True),
    ]
    decide_link(link=fourth, actor=coordinator, confirm=False)
    return confirmed
