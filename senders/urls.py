"""Pages (and inbound hooks) of the senders app."""

from django.urls import path

from . import views

urlpatterns = [
    path("sender-ids/", views.sender_list, name="sender-list"),
    path("sub-accounts/segregation/", views.segregation_list, name="segregation-list"),
    path("sender-ids/assign/", views.sender_assign, name="sender-assign"),
    path("sender-ids/<int:pk>/", views.sender_detail, name="sender-detail"),
    path("sender-ids/<int:pk>/release/", views.sender_release, name="sender-release"),
    path("sender-ids/<int:pk>/suspend/", views.sender_suspend, name="sender-suspend"),
    path("sender-ids/<int:pk>/reinstate/", views.sender_reinstate, name="sender-reinstate"),
]
