"""Items: list, read, create, change, delete; transitions, comments, progress, timeline, export."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from tracker.api.schema import ERRORS, with_errors

from ... import permissions, services
from ...models import Event, Item
from ...models.item_lists import attach_owners, list_rows
from ...models.items import MAX_ID
from ...models.lineage import attach_lineage, load_lineage
from ...services import exchange, export
from .. import serializers as s
from ..filters import DateTimeFilter, IntegerFilter, ItemFilter, StrictFilterSet
from ..pagination import KeysetPagination
from ..preconditions import IF_MATCH, etag, expected_version

WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 428)


@extend_schema_view(
    list=extend_schema(responses=with_errors(s.ItemSerializer(many=True), 400, 401)),
    retrieve=extend_schema(responses=with_errors(s.ItemSerializer, 401, 404)),
    create=extend_schema(
        request=s.ItemCreateSerializer, responses=with_errors(s.ItemSerializer, 400, 401, 403, ok_status=201)
    ),
    partial_update=extend_schema(
        request=s.ItemUpdateSerializer, parameters=[IF_MATCH], responses=with_errors(s.ItemSerializer, *WRITE_ERRORS)
    ),
    destroy=extend_schema(parameters=[IF_MATCH], responses=with_errors(None, 401, 403, 404, 412, 428)),
)
class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ItemSerializer
    filterset_class = ItemFilter
    pagination_class = KeysetPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return permissions.visible_items(self.request.user, Item.objects.all()).for_list()

    def filter_queryset(self, queryset):
        # Building the filter form costs more than the page query itself: skip it when no
        # filter is asked for (the commonest request: the next page of everything).
        if not set(self.request.query_params) & set(ItemFilter.base_filters):
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        """One page: the token, the items with their references, their owners, their links: four queries."""
        visible = permissions.visible_items(request.user, list_rows())
        page = attach_owners(self.paginate_queryset(self.filter_queryset(visible)))
        page = attach_lineage(page, body_ids=permissions.seen_bodies(request.user))
        today = timezone.localdate()
        return self.get_paginated_response([s.item_row(row, today) for row in page])

    def retrieve(self, request, *args, **kwargs):
        item = self._with_lineage(self.get_object())
        return Response(self.get_serializer(item).data, headers={"ETag": etag(item)})

    def _with_lineage(self, item):
        # Another report's item is named only to a caller who may see it, as the list and annotations do.
        return load_lineage([item], body_ids=permissions.seen_bodies(self.request.user))[0]

    def _answer(self, item, code=status.HTTP_200_OK):
        item = self._with_lineage(self.get_queryset().get(pk=item.pk))
        return Response(s.ItemSerializer(item).data, status=code, headers={"ETag": etag(item)})

    def create(self, request, *args, **kwargs):
        serializer = s.ItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = services.create_item(actor=request.user, **serializer.validated_data)
        except services.NotPermitted:
            # The service decides who may; the API words a refusal here as it always has (permission_denied).
            raise PermissionDenied("only coordinators add items") from None
        return self._answer(item, status.HTTP_201_CREATED)

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        version = expected_version(request, item)
        serializer = s.ItemUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        details = dict(serializer.validated_data)
        # Only the parts sent: a due date of null clears it, an absent one is kept.
        parts = {"due_date": details.pop("due_date")} if "due_date" in details else {}
        if (owners := details.pop("owners", None)) is not None:
            parts["owners"] = {o["body"].code: (o["body"], o["role"]) for o in owners}
        try:
            item = services.change_item(
                item=item, actor=request.user, expected_version=version, details=details, **parts
            )
        except services.NotPermitted:
            raise PermissionDenied(
                "only coordinators change an item's details; use transitions, comments, progress"
            ) from None
        # Read in the same transaction, under the service's lock: the answer and its ETag are this change's.
        return self._answer(item)

    def perform_destroy(self, instance):
        expected = expected_version(self.request, instance)
        try:
            services.delete_item(item=instance, actor=self.request.user, expected_version=expected)
        except services.NotPermitted:
            raise PermissionDenied("only coordinators delete items") from None

    @extend_schema(
        request=s.TransitionSerializer, parameters=[IF_MATCH], responses=with_errors(s.ItemSerializer, *WRITE_ERRORS)
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        """Move the item along its status or response axis (``action``: start, implement, accept, …).

        ``accept_closure`` closes a proposed closure as implemented with the evidence proposed;
        ``return_closure`` sends it back to the focal point, with a comment.
        """
        item = self.get_object()
        version = expected_version(request, item)
        serializer = s.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        action, common = data.pop("action"), {"item": item, "actor": request.user, "expected_version": version}
        if action == "accept_closure":
            item = services.accept_closure(comment=data["comment"], **common)
        elif action == "return_closure":
            item = services.return_closure(comment=data["comment"], **common)
        else:
            item = services.transition(action=action, **data, **common)
        return self._answer(item)

    @extend_schema(
        request=s.CommentSerializer,
        parameters=[IF_MATCH],
        responses=with_errors(s.ItemSerializer, *WRITE_ERRORS, ok_status=201),
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        item = self.get_object()
        version = expected_version(request, item)
        serializer = s.CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.add_comment(
            item=item, actor=request.user, expected_version=version, **serializer.validated_data
        )
        return self._answer(item, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ProgressSerializer,
        parameters=[IF_MATCH],
        responses=with_errors(s.ItemSerializer, *WRITE_ERRORS, ok_status=201),
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        version = expected_version(request, item)
        serializer = s.ProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.record_progress(
            item=item, actor=request.user, expected_version=version, **serializer.validated_data
        )
        return self._answer(item, status.HTTP_201_CREATED)

    @extend_schema(responses=with_errors(s.EventSerializer(many=True), 401, 404))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def events(self, request, pk=None):
        """The item's timeline, oldest first."""
        item = self.get_object()
        events = item.events.select_related("actor", "item__document").order_by("created_at", "id")
        return Response(s.EventSerializer(events, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "json", "xlsx"])],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, "application/json"): s.ExportRowSerializer(many=True),
                   (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
                   **ERRORS(400, 401, 404)},
    )  # fmt: skip
    @action(detail=False, methods=["get"], url_path=r"export/(?P<fmt>csv|json|xlsx)", pagination_class=None)
    def export(self, request, fmt=None):
        """The filtered list as a file in the import schema."""
        items = self.filter_queryset(permissions.visible_items(request.user, Item.objects.all()))
        rows = export.export_stream(items.order_by("document", "paragraph__number", "seq"), fmt, reader=request.user)
        response = StreamingHttpResponse(rows, content_type=exchange.FORMATS[fmt])
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="items-{stamp}.{fmt}"'
        return response


class EventFilter(StrictFilterSet):
    since = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    item = IntegerFilter(field_name="item_id")
    kind = django_filters.MultipleChoiceFilter(choices=Event.Kind.choices)

    class Meta:
        model = Event
        fields = []


class EventPagination(CursorPagination):
    ordering = "id"  # unique and never null: a stable feed
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        refused = ValidationError({"cursor": ["not a cursor from this list: follow the `next` link"]})
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise refused from None
        # DRF checks the cursor's form, not its position: an event id, or the query would fail on it.
        position = cursor.position if cursor else None
        if position is not None and not (position.isdigit() and int(position) <= MAX_ID):
            raise refused
        return cursor

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if len(values) > 1 or not values[0].isdigit() or not 1 <= int(values[0]) <= self.max_page_size:
            raise ValidationError({"page_size": [f"a whole number from 1 to {self.max_page_size}"]})
        return int(values[0])


@extend_schema_view(list=extend_schema(responses=with_errors(s.EventSerializer(many=True), 400, 401)))
class EventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every event on the items the caller may see, oldest first: a feed to poll with ``since``."""

    serializer_class = s.EventSerializer
    filterset_class = EventFilter
    pagination_class = EventPagination

    def get_queryset(self):
        items = permissions.visible_items(self.request.user, Item.objects.all())
        return Event.objects.filter(item__in=items.values("pk")).select_related("actor", "item__document")
