from django.urls import path

from . import views

urlpatterns = [
    path("brands/", views.brand_list, name="brand-list"),
    path("brands/new/", views.brand_register, name="brand-register"),
    path("brands/findings/", views.brand_findings_preview, name="brand-findings-preview"),
    path("brands/<int:pk>/", views.brand_detail, name="brand-detail"),
    path("brands/<int:pk>/edit/", views.brand_edit, name="brand-edit"),
    path("brands/<int:pk>/submit/", views.brand_submit, name="brand-submit"),
    path("brands/<int:pk>/review/", views.brand_review, name="brand-review"),
    path("brands/<int:pk>/identity/", views.brand_identity, name="brand-identity"),
    path("brands/<int:pk>/suspend/", views.brand_suspend, name="brand-suspend"),
    path("brands/<int:pk>/reinstate/", views.brand_reinstate, name="brand-reinstate"),
]
