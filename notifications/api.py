"""Notifications and webhook-endpoints API (N1). Thin: the rules are in ``notifications.services``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.tenancy import get_visible_or_404
from core.api import page_response, validated_input
from core.policy import policy_permission

from . import policies, services
from .models import WebhookDelivery, WebhookEndpoint
from .selectors import inbox_for
from .serializers import (
    DeliverySerializer,
    EndpointInputSerializer,
    EndpointPatchSerializer,
    EndpointSerializer,
    EndpointWithSecretSerializer,
    NotificationSerializer,
)


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The reader's own inbox, newest first; ``?unread=true`` for unread only."""

    serializer_class = NotificationSerializer
    permission_classes = [policy_permission(policies.notification_can_read)]

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return inbox_for(user=self.request.user, unread_only=unread and self.action == "list")

    @extend_schema(parameters=[OpenApiParameter("unread", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notification_mark_all_read(actor=request.user)})


class WebhookEndpointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The account's webhook endpoints. The signing secret is in the answer to POST (and to rotate-secret) only."""

    serializer_class = EndpointSerializer
    permission_classes = [policy_permission(policies.webhook_can_manage)]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return WebhookEndpoint.objects.visible_to(self.request.user).order_by("-id")

    @extend_schema(request=EndpointInputSerializer, responses={201: EndpointWithSecretSerializer})
    def create(self, request):
        data = validated_input(EndpointInputSerializer, request)
        endpoint, secret = services.webhook_endpoint_create(
            actor=request.user, url=data["url"], event_types=data["events"], description=data["description"]
        )
        return Response(EndpointWithSecretSerializer(endpoint, context={"secret": secret}).data, status=201)

    @extend_schema(request=EndpointPatchSerializer, responses=EndpointSerializer)
    def partial_update(self, request, pk=None):
        endpoint = self.get_object()
        data = validated_input(EndpointPatchSerializer, request)
        endpoint = services.webhook_endpoint_update(
            actor=request.user,
            endpoint=endpoint,
            url=data.get("url"),
            event_types=data.get("events"),
            description=data.get("description"),
            active=data.get("active"),
        )
        return Response(EndpointSerializer(endpoint).data)

    def perform_destroy(self, instance):
        services.webhook_endpoint_delete(actor=self.request.user, endpoint=instance)

    @extend_schema(request=None, responses=EndpointWithSecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint, secret = services.webhook_endpoint_rotate_secret(actor=request.user, endpoint=self.get_object())
        return Response(EndpointWithSecretSerializer(endpoint, context={"secret": secret}).data)

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        found = WebhookDelivery.objects.visible_to(request.user).filter(endpoint=endpoint).select_related("event")
        return page_response(request, found, DeliverySerializer, ordering="-id")


class DeliveryReplayView(APIView):
    """POST: send a finished delivery's event to its endpoint again (a new delivery, same event id)."""

    permission_classes = [policy_permission(policies.webhook_can_manage)]

    @extend_schema(request=None, responses={202: DeliverySerializer})
    def post(self, request, pk: int):
        delivery = get_visible_or_404(WebhookDelivery.objects.select_related("endpoint", "event"), request.user, pk=pk)
        replay = services.delivery_replay(actor=request.user, delivery=delivery)
        return Response(DeliverySerializer(replay).data, status=status.HTTP_202_ACCEPTED)
