from django.urls import path

from . import views

urlpatterns = [
    path("sub-accounts/", views.SubAccountListView.as_view(), name="sub-account-list"),
    path("sub-accounts/new/", views.SubAccountCreateView.as_view(), name="sub-account-create"),
    path("sub-accounts/<int:pk>/", views.SubAccountDetailView.as_view(), name="sub-account-detail"),
    path("sub-accounts/<int:pk>/suspend/", views.sub_account_suspend, name="sub-account-suspend"),
    path("sub-accounts/<int:pk>/reinstate/", views.sub_account_reinstate, name="sub-account-reinstate"),
    path("staff/accounts/", views.AccountListView.as_view(), name="account-list"),
    path("staff/accounts/<int:pk>/suspend/", views.account_suspend, name="account-suspend"),
    path("staff/accounts/<int:pk>/reinstate/", views.account_reinstate, name="account-reinstate"),
    path("staff/accounts/<int:pk>/reseller/", views.account_reseller_mark, name="account-reseller-mark"),
    path("staff/accounts/<int:pk>/reseller/approve/", views.account_reseller_approve, name="account-reseller-approve"),
]
