"""ETags from item versions, and the If-Match rule that stops lost updates."""

from __future__ import annotations

from .errors import PreconditionFailed, PreconditionRequired


def etag(item) -> str:
    return f'"{item.pk}-{item.version}"'


def expected_version(request, item) -> int:
    """The version the client last saw, from If-Match; 428 without it, 412 when it is stale."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" in tags:
        return item.version
    if etag(item) not in tags:
        raise PreconditionFailed()
    return item.version
