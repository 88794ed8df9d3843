"""The geo app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

from django.urls import path

from .api import GeoPermissionDetailView, GeoPermissionListView

urlpatterns: list = [
    path("geo-permissions/", GeoPermissionListView.as_view(), name="api-geo-permissions"),
    path("geo-permissions/<str:country>/", GeoPermissionDetailView.as_view(), name="api-geo-permission"),
]


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from .api import GeoRequestViewSet

    router.register("geo-requests", GeoRequestViewSet, basename="api-geo-request")
