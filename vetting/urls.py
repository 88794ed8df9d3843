from django.urls import path

from . import views

urlpatterns = [
    path("brands/<int:brand_pk>/vets/", views.vet_create, name="vet-create"),
    path("vets/<int:pk>/", views.vet_detail, name="vet-detail"),
    path("vets/<int:pk>/result/", views.vet_result, name="vet-result"),
    path("vets/<int:pk>/report/", views.vet_report, name="vet-report"),
]
