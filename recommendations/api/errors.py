"""The services' refusals as HTTP: each error code answered with the status it stands for, in the one error format."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from tracker.api import errors as shared

from ..services import ServiceError

SERVICE_STATUS = {
    "not_permitted": status.HTTP_403_FORBIDDEN,
    # A stale version is a failed precondition (If-Match), whichever check caught it.
    "version_conflict": status.HTTP_412_PRECONDITION_FAILED,
    "transition_not_allowed": status.HTTP_409_CONFLICT,
    "import_conflict": status.HTTP_409_CONFLICT,
    "too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
}


def exception_handler(exc, context):
    """The shared handler (``tracker.api.errors``), knowing the services' errors: the shared plumbing imports no app."""
    if isinstance(exc, ServiceError):
        code = SERVICE_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        errors = [{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else []
        return Response(shared.error_body(code, exc.code, exc.message, errors), status=code)
    return shared.exception_handler(exc, context)
