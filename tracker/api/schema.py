"""OpenAPI helpers: every operation documents its error responses in the one error format."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
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

_DESCRIPTIONS = {
    400: "invalid input: the message names the field",
    401: "not authenticated",
    403: "not allowed for this user",
    404: "no such resource, or not visible to this user",
    409: "the item's state does not allow this",
    412: "If-Match does not match the item's current ETag",
    413: "the request body is too large",
    428: "If-Match is required",
    429: "too many requests: see Retry-After",
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="the item's ETag from a previous GET (compared strongly: a W/ tag never matches); "
    "a list matches if any of its tags does; * accepts any current version",
)


def ERRORS(*codes: int) -> dict:
    return {code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in (*codes, 429)}


def with_errors(ok, *codes: int, ok_status: int = 200) -> dict:
    return {ok_status if ok is not None else 204: ok, **ERRORS(*codes)}
