"""Who calls the API: a token (knox's: hashed, expiring, revocable, checked in one query), or a password at login."""

import binascii
import functools
from dataclasses import dataclass
from hmac import compare_digest
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
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
    """Knox's check, with the caller's roles and bodies read in the token's query (written once: ``_token_query``).

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
        for auth_token in _tokens_with_key(key[: CONSTANTS.TOKEN_KEY_LENGTH]):
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


@dataclass(frozen=True)
class _TokenQuery:
    sql: str
    token_fields: list[str]
    user_fields: list[str]
    actor_names: list[str]  # permissions.actor_columns, for remember_actor
    # What the ORM would apply to a column read (an aware datetime from SQLite's text, say): (index, converter, column).
    converters: list[tuple[int, Any, Any]]


@functools.cache
def _token_query() -> _TokenQuery:
    """The token check's SELECT: the tokens with a key, their users, and the users' roles and bodies.

    Written once per process, not compiled by the ORM on each request: compiling it cost
    as much as running it (0.3 ms of 0.9 on the list's bench machine), on every API call.
    """
    quote = connection.ops.quote_name
    user_model = get_user_model()
    token_table, user_table = quote(AuthToken._meta.db_table), quote(user_model._meta.db_table)
    tokens_, users = AuthToken._meta.concrete_fields, user_model._meta.concrete_fields
    roles = permissions.actor_columns(AuthToken)
    columns = [f"{token_table}.{quote(f.column)}" for f in tokens_] + [f"{user_table}.{quote(f.column)}" for f in users]
    columns += [f"{raw.sql} AS {quote(name)}" for name, raw in roles.items()]
    sql = (
        f"SELECT {', '.join(columns)} FROM {token_table}"
        f" JOIN {user_table} ON {user_table}.{quote(user_model._meta.pk.column)}"
        f" = {token_table}.{quote(AuthToken._meta.get_field('user').column)}"
        f" WHERE {token_table}.{quote(AuthToken._meta.get_field('token_key').column)} = %s"
    )
    converters = []
    for index, field in enumerate([*tokens_, *users]):
        col = field.get_col(field.model._meta.db_table)
        for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            converters.append((index, convert, col))
    return _TokenQuery(sql, [f.attname for f in tokens_], [f.attname for f in users], list(roles), converters)


def _tokens_with_key(key: str) -> list[AuthToken]:
    """The tokens whose key is ``key``, each with its user and the user's roles and bodies, in one query."""
    query = _token_query()
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [key])
        rows = cursor.fetchall()
    found = []
    split = len(query.token_fields)
    ends = split + len(query.user_fields)
    for row in rows:
        row = list(row)
        for index, convert, col in query.converters:
            row[index] = convert(row[index], col, connection)
        auth_token = AuthToken.from_db(connection.alias, query.token_fields, row[:split])
        auth_token.user = get_user_model().from_db(connection.alias, query.user_fields, row[split:ends])
        for name, value in zip(query.actor_names, row[ends:], strict=True):
            setattr(auth_token, name, value)
        found.append(auth_token)
    return found


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
