"""``/api/v1/``: each app contributes its routes here."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from accounts.api import MeView, SubAccountViewSet

router = DefaultRouter()
router.register("sub-accounts", SubAccountViewSet, basename="api-sub-account")

urlpatterns = [
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
