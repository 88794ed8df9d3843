"""The notifications app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

from django.urls import path

from .api import DeliveryReplayView, NotificationViewSet, WebhookEndpointViewSet

urlpatterns: list = [
    path(
        "webhook-endpoints/deliveries/<int:pk>/replay/",
        DeliveryReplayView.as_view(),
        name="webhook-delivery-replay-api",
    ),
]


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("webhook-endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
