"""Bodies, the caller (/me/), the summary report, calendars and API tokens."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers, viewsets
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api.schema import ERRORS, with_errors

from ... import logins, permissions
from ...dashboard import dashboard_for
from ...ical import calendar_of
from ...models import Body, CalendarFeed, Item, Membership
from .. import serializers as s
from ..auth import LockedOut


def _item_link(request):
    return lambda item: request.build_absolute_uri(reverse("admin:recommendations_item_change", args=[item.pk]))


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


ICS = {(200, "text/calendar"): OpenApiTypes.BINARY}


@extend_schema_view(
    list=extend_schema(responses=with_errors(s.BodySerializer(many=True), 401)),
    retrieve=extend_schema(responses=with_errors(s.BodySerializer, 401, 404)),
)
class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.BodySerializer
    queryset = Body.objects.select_related("parent").order_by("name_en")
    lookup_field = "code"
    pagination_class = None

    @extend_schema(responses={**ICS, **ERRORS(401, 404)})
    @action(detail=True, methods=["get"])
    def calendar(self, request, code=None):
        """Due dates of the body's open items that the caller may see."""
        body = self.get_object()
        items = permissions.visible_items(request.user, Item.objects.open().filter(due_date__isnull=False))
        items = items.filter(ownerships__body=body).select_related("document", "paragraph").order_by("due_date")
        return _ics(
            calendar_of(items, name=f"{body.short_name} — due dates", link_for=_item_link(request)), f"{code}.ics"
        )


class MeView(APIView):
    @extend_schema(responses=with_errors(s.MeSerializer, 401))
    def get(self, request):
        """The caller: roles, bodies, open items, and the address of its calendar."""
        who = permissions.actor(request.user)
        memberships = Membership.objects.filter(user=request.user).select_related("body")
        open_items = permissions.visible_items(request.user, Item.objects.open()).for_list()
        if not who.coordinator and who.focal_point:
            open_items = open_items.filter(ownerships__body_id__in=who.body_ids)
        roles = [r for r, on in (("coordinator", who.coordinator), ("focal point", who.focal_point),
                                 ("viewer", who.viewer)) if on]  # fmt: skip
        feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
        return Response(
            {
                "username": request.user.get_username(),
                "email": request.user.email,
                "roles": roles,
                "bodies": [{"code": m.body.code, "role": m.role} for m in memberships],
                "open_items": s.ItemSerializer(open_items.order_by("paragraph_id", "seq")[:500], many=True).data,
                "calendar_url": request.build_absolute_uri(reverse("calendar-feed", args=[feed.secret])),
            }
        )


class RotateCalendarView(APIView):
    @extend_schema(
        request=None,
        responses=with_errors(inline_serializer("CalendarUrl", {"calendar_url": serializers.URLField()}), 401),
    )
    def post(self, request):
        """A new secret calendar address; the old one stops working."""
        feed, created = CalendarFeed.objects.get_or_create(user=request.user)
        if not created:
            feed.rotate()
        return Response({"calendar_url": request.build_absolute_uri(reverse("calendar-feed", args=[feed.secret]))})


class CalendarFeedView(APIView):
    """The secret address itself: no login, the secret is the key."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses={**ICS, **ERRORS(404)})
    def get(self, request, secret):
        feed = get_object_or_404(CalendarFeed.objects.select_related("user"), secret=secret)
        user = feed.user
        items = permissions.visible_items(user, Item.objects.open().filter(due_date__isnull=False))
        who = permissions.actor(user)
        if not who.coordinator and who.focal_point:
            items = items.filter(ownerships__body_id__in=who.body_ids)
        items = items.select_related("document", "paragraph").order_by("due_date")
        return _ics(calendar_of(items, name=f"{user.get_username()} — due dates", link_for=_item_link(request)),
                    "due-dates.ics")  # fmt: skip


class SummaryView(APIView):
    @extend_schema(responses=with_errors(s.SummarySerializer, 401))
    def get(self, request):
        """Counts by status × owner body, overdue and stale counts, implementation rate per body."""
        board = dashboard_for(request.user, limit=0)
        keys = [key for key, _ in board.columns]
        return Response(
            {
                "by_status": dict(zip(keys, board.totals, strict=True)),
                "by_body": [
                    {
                        "body": row.body.code,
                        "counts": dict(zip(keys, row.counts, strict=True)),
                        "implemented": row.implemented,
                        "tracked": row.tracked,
                        "implementation_rate": (row.implemented / row.tracked) if row.tracked else None,
                    }
                    for row in board.rows
                ],
                "overdue": board.overdue_count,
                "stale": board.stale_count,
            }
        )


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

    target_class = "recommendations.api.views.people.PasswordAuthentication"


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
