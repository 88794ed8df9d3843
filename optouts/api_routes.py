"""The optouts app's routes under ``/api/v1/``: ``register`` adds its viewsets to the shared router;
``urlpatterns`` holds its other paths."""

urlpatterns: list = []


def register(router) -> None:
    """Add this app's viewsets to the API router."""
    from .api import DncListViewSet, KeywordExemptionViewSet, KeywordViewSet, OptOutViewSet

    router.register("opt-outs", OptOutViewSet, basename="opt-out")
    router.register("dnc-lists", DncListViewSet, basename="dnc-list")
    router.register("keywords", KeywordViewSet, basename="keyword")
    router.register("keyword-exemptions", KeywordExemptionViewSet, basename="keyword-exemption")
