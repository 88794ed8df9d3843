"""The events app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

from django.urls import path

from .api import TrafficEventsView

urlpatterns: list = [
    path("traffic/events/", TrafficEventsView.as_view(), name="traffic-events"),
]


def register(router) -> None:
    """No viewsets: the events API is one view."""
