"""API tokens (knox) outside a request: when one has expired, and the purge of expired ones."""

from django.utils import timezone
from knox.models import AuthToken


def expired(token: AuthToken) -> bool:
    return token.expiry is not None and token.expiry < timezone.now()


def purge_expired_tokens() -> int:
    """Delete every expired token: the API deletes only an expired one that is presented to it (the daily task)."""
    deleted, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted
