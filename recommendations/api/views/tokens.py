"""API tokens: log in for one (shown once), log out to revoke it or all of the caller's."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

from tracker.api.schema import with_errors

from ... import logins
from ..auth import PasswordAuthentication


class LoginView(KnoxLoginView):
    """Exchange a username and password (HTTP Basic) or a session for an API token, shown once."""

    authentication_classes = [PasswordAuthentication, SessionAuthentication]
    # Throttled before the password is checked (perform_authentication), not after as DRF does:
    # a wrong password never gets past authentication, so DRF's pass would count only successes.
    throttle_classes: list = []

    def perform_authentication(self, request):
        throttle = logins.LoginRateThrottle()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        super().perform_authentication(request)

    @extend_schema(
        request=None,
        responses=with_errors(
            inline_serializer("Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}), 401
        ),
    )
    def post(self, request, format=None):
        return super().post(request, format)


@extend_schema(request=None, responses=with_errors(None, 401))
class LogoutView(KnoxLogoutView):
    """Revoke the token this request carries."""


@extend_schema(request=None, responses=with_errors(None, 401))
class LogoutAllView(KnoxLogoutAllView):
    """Revoke every token of the caller."""
