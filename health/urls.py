"""Pages of the health app."""

from django.urls import path

from . import views

urlpatterns = [
    path("traffic/health/", views.overview, name="health-overview"),
    path("traffic/health/sub-accounts/<int:pk>/", views.sub_account_health, name="health-sub-account"),
    path("traffic/health/cases/<int:pk>/", views.case_detail, name="health-case-detail"),
    path("traffic/health/cases/<int:pk>/close/", views.case_close, name="health-case-close"),
    path("traffic/violations/", views.violation_list, name="health-violation-list"),
    path("traffic/violations/new/", views.violation_create, name="health-violation-create"),
    path("traffic/violations/<int:pk>/", views.violation_detail, name="health-violation-detail"),
    path("traffic/enforcement/sub-accounts/<int:pk>/apply/", views.enforcement_apply, name="health-apply"),
    path("traffic/enforcement/<int:pk>/", views.action_detail, name="health-action-detail"),
    path("traffic/enforcement/<int:pk>/reinstate/", views.action_reinstate, name="health-action-reinstate"),
    path("traffic/compromise/", views.compromise_report, name="health-compromise"),
]
