"""Pages (and inbound hooks) of the events app."""

from django.urls import path

from . import views

urlpatterns = [
    path("hooks/status/<str:provider>/<str:secret>/", views.status_hook, name="status-hook"),
    path("traffic/callbacks/", views.hook_list, name="event-hooks"),
    path("traffic/callbacks/<int:pk>/revoke/", views.hook_revoke, name="event-hook-revoke"),
]
