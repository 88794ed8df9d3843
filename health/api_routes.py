"""The health app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

from django.urls import path

from .api import TrafficHealthView, ViolationViewSet

urlpatterns: list = [path("traffic/health/", TrafficHealthView.as_view(), name="api-traffic-health")]


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("violations", ViolationViewSet, basename="violation")
