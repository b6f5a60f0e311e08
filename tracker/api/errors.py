"""One error format for every 4xx of the API.

    {"status": 400, "code": "invalid", "message": "summary: Not a valid string.",
     "errors": [{"field": "summary", "code": "invalid", "message": "Not a valid string."}]}

``code`` is for programs, ``message`` for people, and names the field where there is one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


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
    """DRF's handler, answering in the one error format; Django's own 404, 403 and 413 included."""
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
