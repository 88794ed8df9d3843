"""Pages of the optouts app."""

from django.urls import path

from . import views

urlpatterns = [
    path("opt-outs/", views.optout_list, name="optout-list"),
    path("opt-outs/add/", views.optout_add, name="optout-add"),
    path("opt-outs/import/", views.optout_import, name="optout-import"),
    path("opt-outs/export/", views.optout_export, name="optout-export"),
    path("opt-outs/scope/", views.optout_scope, name="optout-scope"),
    path("dnc-lists/", views.dnc_list, name="dnc-page"),
    path("dnc-lists/<int:pk>/", views.dnc_list_detail, name="dnc-page-detail"),
    path("dnc-lists/imports/<int:pk>/progress/", views.dnc_import_progress, name="dnc-import-progress"),
    path("keywords/", views.keyword_list, name="keywords-page"),
    path("keywords/<int:pk>/retire/", views.keyword_retire, name="keywords-retire"),
    path("keyword-requests/", views.exemption_list, name="keyword-request-list"),
    path("keyword-requests/new/", views.exemption_new, name="keyword-request-new"),
    path("keyword-requests/<int:pk>/", views.exemption_detail, name="keyword-request-detail"),
    path("keyword-requests/<int:pk>/decide/", views.exemption_decide, name="keyword-request-decide"),
    path("brand-domains/", views.brand_domains, name="brand-domains"),
]
