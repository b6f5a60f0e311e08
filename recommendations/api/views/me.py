"""/me/: the caller, as the API knows it."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api.schema import with_errors

from ... import permissions
from ...models import CalendarFeed, Item, Membership
from ...models.lineage import load_lineage
from .. import serializers as s


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
        open_items = load_lineage(
            list(open_items.order_by("paragraph_id", "seq")[:500]), body_ids=permissions.seen_bodies(request.user)
        )
        feed, _ = CalendarFeed.objects.get_or_create(user=request.user)
        return Response(
            {
                "username": request.user.get_username(),
                "email": request.user.email,
                "roles": roles,
                "bodies": [{"code": m.body.code, "role": m.role} for m in memberships],
                "open_items": s.ItemSerializer(open_items, many=True).data,
                "calendar_url": request.build_absolute_uri(reverse("calendar-feed", args=[feed.secret])),
            }
        )
