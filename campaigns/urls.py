from django.urls import path

from . import hooks, views

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/prescreen/", views.campaign_prescreen, name="campaign-prescreen"),
    path("campaigns/resubmit-for-vet/", views.campaigns_resubmit_for_vet, name="campaigns-resubmit-for-vet"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/submit/", views.campaign_submit, name="campaign-submit"),
    path("campaigns/<int:pk>/start-review/", views.campaign_start_review, name="campaign-start-review"),
    path("campaigns/<int:pk>/review/", views.campaign_review, name="campaign-review"),
    path("campaigns/<int:pk>/suspend/", views.campaign_suspend, name="campaign-suspend"),
    path("campaigns/<int:pk>/reinstate/", views.campaign_reinstate, name="campaign-reinstate"),
    path("campaigns/<int:pk>/carriers/", views.campaign_carrier_set, name="campaign-carrier-set"),
    path("hooks/registry/campaign-mno/", hooks.registry_campaign_hook, name="registry-campaign-hook"),
]
