"""OpenAPI helpers: every operation documents its error responses in the one error format."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "status": serializers.IntegerField(),
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.ListField(
            child=inline_serializer(
                name="FieldError",
                fields={
                    "field": serializers.CharField(allow_null=True),
                    "code": serializers.CharField(),
                    "message": serializers.CharField(),
                },
            )
        ),
    },
)

# 409, 412 and 428 only the item endpoints answer; their wording is part of the published schema.
_DESCRIPTIONS = {
    400: "invalid input: the message names the field",
    401: "not authenticated",
    403: "not allowed for this user",
    404: "no such resource, or not visible to this user",
    406: "the Accept header names no media type this operation answers in",
    409: "the item's state does not allow this",
    412: "If-Match does not match the item's current ETag",
    413: "the request body is too large",
    428: "If-Match is required",
    429: "too many requests: see Retry-After",
}


def ERRORS(*codes: int) -> dict:
    return {code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in (*codes, 429)}


def with_errors(ok, *codes: int, ok_status: int = 200) -> dict:
    return {ok_status if ok is not None else 204: ok, **ERRORS(*codes)}
