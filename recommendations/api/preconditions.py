"""ETags from item versions, and the If-Match rule that stops lost updates (RFC 9110 §13.1.1)."""

from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from ..models import facts

# RFC 9110 §8.8.3 and §5.6.1: a comma-separated list of entity tags, each optionally weak (W/)
# and quoted; empty list elements are allowed.
_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
_TAG_LIST = re.compile(rf"[ \t,]*{_TAG}(?:[ \t]*,[ \t,]*{_TAG})*[ \t,]*")
_EACH_TAG = re.compile(r'(W/)?"([^"]*)"')
# Nineteen digits at most: a version is a bigint, and a longer number cannot be a current one.
_VERSION = r"(0|[1-9][0-9]{0,18})"

MALFORMED = 'If-Match must be * or a list of quoted ETags such as "12-3".'

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="the item's ETag from a previous GET (compared strongly: a W/ tag never matches); "
    "a list matches if any of its tags does; * accepts any current version",
)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = "This change needs an If-Match header with the item's ETag (GET the item first)."


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "precondition_failed"
    default_detail = "The item changed since this ETag: GET it again and retry."


def etag(item) -> str:
    return facts.etag(item.pk, item.version)


def expected_version(request, item) -> frozenset[int] | None:
    """The versions If-Match accepts, for the service to compare under the row lock; None for ``*``.

    ``*`` accepts any current version, so it is no version check at all: turning it into the
    version read before the lock made concurrent ``*`` writers fail each other. 428 without
    the header; 412 when no tag can match: If-Match compares strongly, so a weak tag never
    matches, nor does a malformed header. The check here only answers the common stale case
    before taking a lock; the one under the lock (``services._changes.lock_item``) is the one that counts.
    """
    header = (request.headers.get("If-Match") or "").strip(" \t")
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return None
    if not _TAG_LIST.fullmatch(header):
        raise PreconditionFailed(MALFORMED)
    versions = frozenset(
        int(match[1])
        for weak, opaque in _EACH_TAG.findall(header)
        if not weak and (match := re.fullmatch(rf"{item.pk}-{_VERSION}", opaque))
    )
    if item.version not in versions:
        raise PreconditionFailed()
    return versions
