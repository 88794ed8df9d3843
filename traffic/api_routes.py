"""The traffic app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

from django.urls import path

from .api import AlertViewSet, TokenViewSet, check_view

urlpatterns: list = [
    path("traffic/check/", check_view, name="traffic-check"),
]


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    router.register("alerts", AlertViewSet, basename="alert")
    router.register("traffic/tokens", TokenViewSet, basename="traffic-token")
