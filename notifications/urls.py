"""Pages of the notifications app."""

from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read-all/", views.mark_all_read, name="inbox-read-all"),
    path("notifications/<int:pk>/read/", views.mark_read, name="inbox-read"),
    path("notifications/preferences/", views.preferences, name="email-preferences"),
    path("notifications/contacts/", views.contact_add, name="compliance-contact-add"),
    path("notifications/contacts/<int:pk>/delete/", views.contact_remove, name="compliance-contact-remove"),
    path("webhooks/", views.endpoint_list, name="webhooks"),
    path("webhooks/<int:pk>/", views.endpoint_detail, name="webhook-page"),
    path("webhooks/<int:pk>/rotate/", views.endpoint_rotate, name="webhook-rotate"),
    path("webhooks/<int:pk>/delete/", views.endpoint_delete, name="webhook-delete"),
    path("webhooks/deliveries/<int:pk>/replay/", views.delivery_replay, name="webhook-replay"),
]
