"""API tokens: knox's hashed, expiring, revocable tokens, checked in one query."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox import auth
from knox.models import AuthToken


class TokenAuthentication(auth.TokenAuthentication):
    """Knox's check without sweeping the user's other tokens on every request.

    Knox deletes a user's expired tokens each time any of them is used, which costs a
    query per request; expired tokens are still refused here, and the daily
    ``purge_expired_tokens`` task removes them.
    """

    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


def purge_expired_tokens() -> int:
    deleted, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return deleted


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
