"""Pages (and inbound hooks) of the traffic app."""

from django.urls import path

from . import api, views

urlpatterns: list = [
    path("traffic/tokens/", views.token_list, name="traffic-tokens"),
    path("traffic/tokens/<int:pk>/revoke/", views.token_revoke, name="traffic-token-revoke"),
    path("traffic/alerts/", views.alert_list, name="traffic-alerts"),
    path("traffic/alerts/<int:pk>/", views.alert_detail, name="traffic-alert-detail"),
    path("traffic/alerts/<int:pk>/decide/", views.alert_decide, name="traffic-alert-decide"),
    path("traffic/accounts/<int:account_id>/fraud-shield/", views.fraud_shield_staff, name="traffic-fraud-shield"),
    path("hooks/fraud-shield/<str:secret>/", api.fraud_shield_hook, name="traffic-fraud-shield-hook"),
]
