from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .api_docs import ApiDocsView

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("brands.urls")),
    path("", include("vetting.urls")),
    path("", include("appeals.urls")),
    path("", include("campaigns.urls")),
    path("", include("senders.urls")),
    path("", include("geo.urls")),
    path("", include("traffic.urls")),
    path("", include("events.urls")),
    path("", include("health.urls")),
    path("", include("optouts.urls")),
    path("", include("casework.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("compliance_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
