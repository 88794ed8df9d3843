"""The senders app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

urlpatterns: list = []


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from .api import SenderIdViewSet

    router.register("sender-ids", SenderIdViewSet, basename="api-sender-id")
