"""Owner bodies, read-only, each with the calendar of its open items' due dates."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from tracker.api.schema import ERRORS, with_errors

from ... import permissions
from ...models import Body, Item
from .. import serializers as s
from .calendars import ICS, calendar_response


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
        return calendar_response(request, items, name=f"{body.short_name} — due dates", filename=f"{code}.ics")
