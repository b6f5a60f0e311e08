"""Due dates as calendars: the caller's secret feed address, the feed itself, and the response both calendars share."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api.schema import ERRORS, with_errors

from ... import permissions
from ...ical import calendar_of
from ...models import CalendarFeed, Item

ICS = {(200, "text/calendar"): OpenApiTypes.BINARY}


def calendar_response(request, items, *, name: str, filename: str) -> HttpResponse:
    """``items`` as an iCalendar file, each event linking to the item's page in the admin."""

    def link_for(item):
        return request.build_absolute_uri(reverse("admin:recommendations_item_change", args=[item.pk]))

    content = calendar_of(items, name=name, link_for=link_for)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


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
        return calendar_response(request, items, name=f"{user.get_username()} — due dates", filename="due-dates.ics")
