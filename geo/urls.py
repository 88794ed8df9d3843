"""Pages of the geo app."""

from django.urls import path

from . import views

urlpatterns = [
    path("geo-permissions/", views.geo_permissions, name="geo-permissions"),
    path("geo-permissions/bulk/", views.geo_permissions_bulk, name="geo-permissions-bulk"),
    path("geo-permissions/remove-overrides/", views.geo_overrides_remove_all, name="geo-overrides-remove-all"),
    path("geo-permissions/<str:country>/", views.geo_permission_update, name="geo-permission-update"),
    path("geo-permissions/<str:country>/remove-override/", views.geo_override_remove, name="geo-override-remove"),
    path("geo-requests/", views.geo_request_list, name="geo-request-list"),
    path("geo-requests/new/", views.geo_request_new, name="geo-request-new"),
    path("geo-requests/<int:pk>/", views.geo_request_detail, name="geo-request-detail"),
    path("geo-requests/<int:pk>/decide/", views.geo_request_decide, name="geo-request-decide"),
]
