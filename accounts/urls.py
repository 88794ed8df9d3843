from django.urls import path

from . import views

urlpatterns = [
    path("sub-accounts/", views.SubAccountListView.as_view(), name="sub-account-list"),
    path("sub-accounts/new/", views.SubAccountCreateView.as_view(), name="sub-account-create"),
    path("sub-accounts/<int:pk>/", views.SubAccountDetailView.as_view(), name="sub-account-detail"),
    path("staff/accounts/", views.AccountListView.as_view(), name="account-list"),
]
