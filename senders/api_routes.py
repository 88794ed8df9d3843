"""The senders app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

from django.urls import path


def _reseller(action: str):
    from .api import AccountResellerView

    return AccountResellerView.as_view(action_name=action)


urlpatterns: list = [
    path("accounts/<int:pk>/reseller/", _reseller("mark"), name="api-account-reseller-mark"),
    path("accounts/<int:pk>/reseller/approve/", _reseller("approve"), name="api-account-reseller-approve"),
]


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from .api import SenderIdViewSet

    router.register("sender-ids", SenderIdViewSet, basename="api-sender-id")
