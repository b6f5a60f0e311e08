"""API tokens: knox's hashed, expiring, revocable tokens, checked in one query."""

import binascii
from hmac import compare_digest

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox import auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions, status
from rest_framework.exceptions import AuthenticationFailed

from .. import permissions, tokens


class TokenAuthentication(auth.TokenAuthentication):
    """Knox's check, with the caller's roles and bodies read in the token's query.

    Knowing them, a coordinator's list needs no visibility filter, a focal point's names its
    bodies, and nothing asks the database who the caller is again
    (``permissions.remember_actor``). Also unlike knox: the user's other tokens are not
    swept on every request (a query each time; expired tokens are still refused, and the
    daily ``purge_expired_tokens`` removes them), and a key that is not UTF-8 is refused
    rather than failing the request.
    """

    def authenticate_credentials(self, token: bytes):
        refused = AuthenticationFailed(_("Invalid token."))
        try:
            key = token.decode("utf-8")
        except UnicodeDecodeError:
            raise refused from None
        candidates = (
            AuthToken.objects.filter(token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH])
            .select_related("user")
            .annotate(**permissions.actor_columns(AuthToken))
        )
        for auth_token in candidates:
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(key)
            except (TypeError, binascii.Error):
                raise refused from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                permissions.remember_actor(auth_token.user, auth_token)
                return self.validate_user(auth_token)
        raise refused

    def _cleanup_token(self, auth_token) -> bool:
        if tokens.expired(auth_token):
            auth_token.delete()
            return True
        return False


class LockedOut(exceptions.APIException):
    """Too many failed logins of this username from this address (axes); ``wait`` becomes Retry-After."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, detail: str, wait: int):
        super().__init__(detail)
        self.wait = wait


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema names the token scheme (``Authorization: Token <key>``)."""

    target_class = "recommendations.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, the key from POST /api/v1/auth/login/",
        }
