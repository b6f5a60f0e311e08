"""Who calls the API: a token (knox's: hashed, expiring, revocable, checked in one query), or a password at login."""

import binascii
from hmac import compare_digest

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox import auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions, status
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .. import logins, permissions, tokens


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


class LockedOut(exceptions.APIException):
    """Too many failed logins of this username from this address (axes); ``wait`` becomes Retry-After."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, detail: str, wait: int):
        super().__init__(detail)
        self.wait = wait


class PasswordAuthentication(BasicAuthentication):
    """HTTP Basic for the login view; a username locked out at this address gets 429, not 401.

    DRF passes its request to ``authenticate()``, where axes counts the failure and marks that
    request when the pair is locked out, the right password included.
    """

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(logins.lockout_message(), logins.cool_off_seconds()) from None
            raise


class PasswordScheme(BasicScheme):
    """The schema names the login's HTTP Basic as plain BasicAuthentication: the same credentials."""

    target_class = "recommendations.api.auth.PasswordAuthentication"
