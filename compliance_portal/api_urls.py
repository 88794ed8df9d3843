"""``/api/v1/``: each app contributes its routes here."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from accounts.api import MeView, SubAccountViewSet
from appeals.api import AppealEligibilityView, AppealEvidenceView, AppealViewSet, BrandAppealsView, VetAppealsView
from brands.api import BrandViewSet
from campaigns.api import AccountSuspensionView, CampaignViewSet, SubAccountSuspensionView
from casework.api import AuditEventViewSet, CommentViewSet, WorkItemViewSet
from core.throttling import TokenRateThrottle
from events import api_routes as events_routes
from geo import api_routes as geo_routes
from health import api_routes as health_routes
from notifications import api_routes as notifications_routes
from optouts import api_routes as optouts_routes
from rejections.api import RejectionCodeViewSet
from reports.api import ReportViewSet
from senders import api_routes as senders_routes
from traffic import api_routes as traffic_routes
from vetting.api import BrandVetsView, VetViewSet


class ApiRouter(DefaultRouter):
    # No ``/brands/1.json`` routes: DRF would pass ``format=`` to every action, which the viewsets' actions do not
    # take (a 500). Clients ask for JSON by the Accept header, the default, or ``?format=json``.
    include_format_suffixes = False


router = ApiRouter()
router.register("sub-accounts", SubAccountViewSet, basename="api-sub-account")
router.register("rejection-codes", RejectionCodeViewSet, basename="api-rejection-code")
router.register("brands", BrandViewSet, basename="api-brand")
router.register("vets", VetViewSet, basename="api-vet")
router.register("appeals", AppealViewSet, basename="api-appeal")
router.register("campaigns", CampaignViewSet, basename="api-campaign")
router.register("work-items", WorkItemViewSet, basename="api-work-item")
router.register("audit-events", AuditEventViewSet, basename="api-audit-event")
router.register("comments", CommentViewSet, basename="api-comment")
router.register("reports", ReportViewSet, basename="api-report")

#: The second-wave apps bring their own routes (each app's ``api_routes``), so that none edits this file.
APP_ROUTES = (
    senders_routes,
    geo_routes,
    traffic_routes,
    events_routes,
    health_routes,
    optouts_routes,
    notifications_routes,
)
for routes in APP_ROUTES:
    routes.register(router)

urlpatterns = [
    path("auth/token/", ObtainAuthToken.as_view(throttle_classes=[TokenRateThrottle]), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path(
        "brands/<int:brand_pk>/vets/",
        BrandVetsView.as_view({"get": "list", "post": "create"}),
        name="api-brand-vets",
    ),
    path(
        "brands/<int:brand_pk>/appeals/",
        BrandAppealsView.as_view({"get": "list", "post": "create"}),
        name="api-brand-appeals",
    ),
    path(
        "vets/<int:vet_pk>/appeals/",
        VetAppealsView.as_view({"get": "list", "post": "create"}),
        name="api-vet-appeals",
    ),
    path(
        "appeals/<int:appeal_pk>/evidence/",
        AppealEvidenceView.as_view({"get": "list", "post": "create"}),
        name="api-appeal-evidence",
    ),
    path(
        "appeals/<int:appeal_pk>/evidence/<int:pk>/",
        AppealEvidenceView.as_view({"get": "retrieve", "delete": "destroy"}),
        name="api-appeal-evidence-detail",
    ),
    path(
        "sub-accounts/<int:pk>/suspend/",
        SubAccountSuspensionView.as_view(action_name="suspend"),
        name="api-sub-account-suspend",
    ),
    path(
        "sub-accounts/<int:pk>/reinstate/",
        SubAccountSuspensionView.as_view(action_name="reinstate"),
        name="api-sub-account-reinstate",
    ),
    path(
        "accounts/<int:pk>/suspend/",
        AccountSuspensionView.as_view(action_name="suspend"),
        name="api-account-suspend",
    ),
    path(
        "accounts/<int:pk>/reinstate/",
        AccountSuspensionView.as_view(action_name="reinstate"),
        name="api-account-reinstate",
    ),
    path("appeal-eligibility/", AppealEligibilityView.as_view(), name="api-appeal-eligibility"),
    *(pattern for routes in APP_ROUTES for pattern in routes.urlpatterns),
    path("", include(router.urls)),
]
