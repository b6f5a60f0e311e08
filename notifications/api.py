"""/api/v1/webhooks/: integrating systems' subscriptions and their deliveries (coordinators)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from recommendations import permissions
from recommendations.models import Body
from recommendations.models.events import EventKind
from tracker.api.schema import with_errors
from tracker.api.serializers import StrictBooleanField, StrictModelSerializer

from . import webhooks
from .models import Delivery, Webhook


class IsCoordinator(drf_permissions.BasePermission):
    message = "only coordinators manage webhooks"

    def has_permission(self, request, view):
        return permissions.is_coordinator(request.user)


class WebhookSerializer(StrictModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventKind.choices), required=False)
    bodies = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all(), many=True, required=False)
    secret = serializers.CharField(read_only=True, help_text="shared secret for the X-Tracker-Signature HMAC")
    active = StrictBooleanField(required=False, default=True)

    class Meta:
        model = Webhook
        fields = ["id", "name", "url", "secret", "events", "bodies", "active", "created_at"]
        read_only_fields = ["id", "secret", "created_at"]


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "event", "state", "attempts", "last_status", "last_error", "next_attempt_at", "created_at",
                  "delivered_at"]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(responses=with_errors(WebhookSerializer(many=True), 401, 403)),
    retrieve=extend_schema(responses=with_errors(WebhookSerializer, 401, 403, 404)),
    create=extend_schema(responses=with_errors(WebhookSerializer, 400, 401, 403, ok_status=201)),
    update=extend_schema(responses=with_errors(WebhookSerializer, 400, 401, 403, 404)),
    partial_update=extend_schema(responses=with_errors(WebhookSerializer, 400, 401, 403, 404)),
    destroy=extend_schema(responses=with_errors(None, 401, 403, 404)),
)
class WebhookViewSet(viewsets.ModelViewSet):
    serializer_class = WebhookSerializer
    permission_classes = [drf_permissions.IsAuthenticated, IsCoordinator]
    queryset = Webhook.objects.prefetch_related("bodies").order_by("name")
    pagination_class = None

    def perform_create(self, serializer):
        webhook = Webhook(created_by=self.request.user)
        webhooks.start_at_newest_event(webhook)
        serializer.save(created_by=self.request.user, last_event_id=webhook.last_event_id)

    @extend_schema(responses=with_errors(DeliverySerializer(many=True), 401, 403, 404))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The latest deliveries to this webhook, newest first."""
        webhook = self.get_object()
        return Response(DeliverySerializer(webhook.deliveries.order_by("-created_at")[:200], many=True).data)
