"""One error format for every 4xx of the API.

    {"status": 400, "code": "invalid", "message": "summary: Not a valid string.",
     "errors": [{"field": "summary", "code": "invalid", "message": "Not a valid string."}]}

``code`` is for programs, ``message`` for people, and names the field where there is one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from recommendations.services import ServiceError

SERVICE_STATUS = {
    "not_permitted": status.HTTP_403_FORBIDDEN,
    # A stale version is a failed precondition (If-Match), whichever check caught it.
    "version_conflict": status.HTTP_412_PRECONDITION_FAILED,
    "transition_not_allowed": status.HTTP_409_CONFLICT,
    "import_conflict": status.HTTP_409_CONFLICT,
    "too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = "This change needs an If-Match header with the item's ETag (GET the item first)."


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "precondition_failed"
    default_detail = "The item changed since this ETag: GET it again and retry."


class LockedOut(exceptions.APIException):
    """Too many failed logins of this username from this address (axes); ``wait`` becomes Retry-After."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, detail: str, wait: int):
        super().__init__(detail)
        self.wait = wait


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"
    default_detail = "The request body is too large."


def _flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error detail as a flat list of {field, code, message}."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = key if field is None else f"{field}.{key}"
            out.extend(_flatten(value, None if key == "non_field_errors" else name))
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            name = f"{field}[{index}]" if field and isinstance(value, dict) else field
            out.extend(_flatten(value, name))
        return out
    code = getattr(detail, "code", "invalid")
    return [{"field": field, "code": code, "message": str(detail)}]


def error_body(status_code: int, code: str, message: str, errors: list[dict] | None = None) -> dict:
    return {"status": status_code, "code": code, "message": message, "errors": errors or []}


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        code = SERVICE_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        errors = [{"field": exc.field, "code": exc.code, "message": exc.message}] if exc.field else []
        return Response(error_body(code, exc.code, exc.message, errors), status=code)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a 500: logged and answered by Django
    errors = _flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else []
    if errors:
        first = errors[0]
        message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        code = "invalid"
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        message = str(detail)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = error_body(response.status_code, code, message, errors)
    return response
