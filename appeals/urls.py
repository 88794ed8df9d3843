from django.urls import path

from . import views

urlpatterns = [
    path("appeals/", views.appeal_list, name="appeal-list"),
    path("appeals/new/", views.appeal_new, name="appeal-new"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal-detail"),
    path("appeals/<int:pk>/edit/", views.appeal_edit, name="appeal-edit"),
    path("appeals/<int:pk>/evidence/", views.evidence_upload, name="appeal-evidence-upload"),
    path("appeals/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download_view, name="appeal-evidence-download"),
    path(
        "appeals/<int:pk>/evidence/<int:evidence_pk>/preview/",
        views.evidence_preview_view,
        name="appeal-evidence-preview",
    ),
    path("appeals/<int:pk>/evidence/list/", views.evidence_list_fragment, name="appeal-evidence-list"),
    path("appeals/<int:pk>/evidence/<int:evidence_pk>/view/", views.evidence_viewer, name="appeal-evidence-viewer"),
    path(
        "appeals/<int:pk>/evidence/<int:evidence_pk>/pages/<int:page>/",
        views.evidence_page_view,
        name="appeal-evidence-page",
    ),
    path("appeals/<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="appeal-evidence-remove"),
    path("appeals/<int:pk>/submit/", views.appeal_submit, name="appeal-submit"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal-decide"),
]
