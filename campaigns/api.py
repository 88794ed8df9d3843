"""Campaigns API (C1–C8, V7). Thin: every rule is in ``campaigns.services``."""

from django.db.models import Prefetch, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policies as account_policies
from accounts import services as account_services
from accounts.models import Account, SubAccount
from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from brands.models import Brand
from core.api import validated_input
from core.policy import policy_permission

from . import policies, services
from .choices import CampaignStatus
from .models import Campaign, CampaignReview, CarrierStatus
from .serializers import (
    AccountSuspensionSerializer,
    CampaignInputSerializer,
    CampaignReviewInputSerializer,
    CampaignReviewSerializer,
    CampaignSerializer,
    CampaignVersionInputSerializer,
    CarrierStatusInputSerializer,
    CarrierStatusSerializer,
    PrescreenOutputSerializer,
    ReasonInputSerializer,
    ResubmitInputSerializer,
    SubAccountSuspensionSerializer,
)


def _campaigns():
    reviews = CampaignReview.objects.select_related("decided_by").order_by("-decided_at", "-id")
    carriers = CarrierStatus.objects.order_by("carrier")
    return Campaign.objects.select_related("tier").prefetch_related(
        Prefetch("reviews", queryset=reviews), Prefetch("carrier_statuses", queryset=carriers)
    )


def _out(campaign: Campaign) -> dict:
    # Re-read so the rejections and tier reflect the change just made (one select, one prefetch).
    return CampaignSerializer(_campaigns().get(pk=campaign.pk)).data


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Campaigns: customers see their account's, staff see all. Every change goes through campaigns.services."""

    serializer_class = CampaignSerializer
    permission_classes = [HasRole]
    #: The policy each action asks before its input is read (the services ask it again).
    action_policies = {
        "create": policies.campaign_can_create,
        "partial_update": policies.campaign_can_edit,
        "prescreen": policies.campaign_can_prescreen,
        "submit": policies.campaign_can_submit,
        "start_review": policies.campaign_can_start_review,
        "review": policies.campaign_can_review,
        "suspend": policies.campaign_can_suspend,
        "reinstate": policies.campaign_can_reinstate,
        "resubmit_for_vet": policies.campaign_can_resubmit_for_vet,
    }

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.action in self.action_policies:
            permissions.append(policy_permission(self.action_policies[self.action])())
        if self.action == "carriers" and self.request.method == "POST":
            permissions.append(policy_permission(policies.campaign_can_set_carrier_status)())
        return permissions

    def get_queryset(self):
        queryset = _campaigns().visible_to(self.request.user)
        if self.action != "list":
            return queryset  # the filters narrow the list; they never hide a campaign from its own URL
        params = self.request.query_params
        brand = params.get("brand")
        if brand and not (brand.isdecimal() and int(brand) < 2**63):
            raise ValidationError({"brand": [f"A brand id is a number, not “{brand}”."]})
        for field in ("status", "use_case", "brand"):
            value = params.get(field)
            if value:
                queryset = queryset.filter(**{field: value})
        flagged = params.get("needs_resubmission", "").lower()
        if flagged in ("true", "1", "false", "0"):
            queryset = queryset.filter(needs_resubmission=flagged in ("true", "1"))
        q = params.get("q", "").strip()
        if q:
            number = q.upper().removeprefix("C-")
            match = Q(brand__legal_name__icontains=q) | Q(brand__display_name__icontains=q)
            queryset = queryset.filter(match | Q(pk=int(number)) if number.isdecimal() else match)
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("status", enum=CampaignStatus.values),
            OpenApiParameter("use_case"),
            OpenApiParameter("brand", int),
            OpenApiParameter("needs_resubmission", bool),
            OpenApiParameter("q", description="Campaign id (C-123) or brand name"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CampaignInputSerializer, responses={201: CampaignSerializer})
    def create(self, request):
        data = dict(validated_input(CampaignInputSerializer, request))
        data.pop("version", None)
        brand = data.pop("brand", None)
        if brand is None:
            return Response({"brand": ["This field is required."]}, status=status.HTTP_400_BAD_REQUEST)
        brand = get_visible_or_404(Brand.objects.select_related("sub_account"), request.user, pk=brand)
        campaign = services.campaign_create(actor=request.user, brand=brand, data=data)
        return Response(_out(campaign), status=status.HTTP_201_CREATED)

    @extend_schema(request=CampaignInputSerializer, responses=CampaignSerializer)
    def partial_update(self, request, pk=None):
        campaign = self.get_object()
        data = dict(validated_input(CampaignInputSerializer, request))
        version = data.pop("version", None)
        if "brand" in data:
            return Response({"brand": ["A campaign cannot move to another brand."]}, status=400)
        campaign = services.campaign_update(actor=request.user, campaign=campaign, data=data, expected_version=version)
        return Response(_out(campaign))

    @extend_schema(
        request=CampaignInputSerializer,
        responses=PrescreenOutputSerializer,
        summary="Pre-screen campaign content (C4); nothing is saved",
    )
    @action(detail=False, methods=["post"])
    def prescreen(self, request):
        data = dict(validated_input(CampaignInputSerializer, request))
        data.pop("version", None)
        brand = data.pop("brand", None)
        if brand is not None:
            brand = get_visible_or_404(Brand.objects, request.user, pk=brand)
        result = services.campaign_prescreen_preview(actor=request.user, raw=data, brand=brand)
        if result["errors"]:
            return Response({**result["errors"], "code": "invalid"}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"findings": result["findings"]})

    @extend_schema(request=CampaignVersionInputSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        campaign = self.get_object()
        data = validated_input(CampaignVersionInputSerializer, request)
        campaign = services.campaign_submit(actor=request.user, campaign=campaign, expected_version=data.get("version"))
        return Response(_out(campaign))

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        campaign = services.campaign_start_review(actor=request.user, campaign=self.get_object())
        return Response(_out(campaign))

    @extend_schema(request=CampaignReviewInputSerializer, responses=CampaignReviewSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        campaign = self.get_object()
        data = validated_input(CampaignReviewInputSerializer, request)
        review = services.campaign_review(
            actor=request.user,
            campaign=campaign,
            decision=data["decision"],
            codes=data["codes"],
            reason=data["reason"],
            checklist=data["checklist"],
            expected_version=data.get("version"),
        )
        return Response(CampaignReviewSerializer(review).data)

    @extend_schema(request=ReasonInputSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        data = validated_input(ReasonInputSerializer, request)
        campaign = services.campaign_suspend(actor=request.user, campaign=self.get_object(), reason=data["reason"])
        return Response(_out(campaign))

    @extend_schema(request=ReasonInputSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        data = validated_input(ReasonInputSerializer, request)
        campaign = services.campaign_reinstate(actor=request.user, campaign=self.get_object(), reason=data["reason"])
        return Response(_out(campaign))

    @extend_schema(
        methods=["GET"], request=None, responses=CarrierStatusSerializer(many=True), summary="N3: per-carrier status"
    )
    @extend_schema(
        methods=["POST"],
        request=CarrierStatusInputSerializer,
        responses=CarrierStatusSerializer,
        summary="N3: record a carrier's decision (staff)",
    )
    @action(detail=True, methods=["get", "post"])
    def carriers(self, request, pk=None):
        campaign = self.get_object()
        if request.method == "GET":
            return Response(CarrierStatusSerializer(campaign.carrier_statuses.all(), many=True).data)
        data = validated_input(CarrierStatusInputSerializer, request)
        row, _changed = services.campaign_carrier_set(
            actor=request.user, campaign=campaign, carrier=data["carrier"], status=data["status"], reason=data["reason"]
        )
        return Response(CarrierStatusSerializer(row).data, status=status.HTTP_200_OK)

    @extend_schema(
        request=ResubmitInputSerializer,
        responses=CampaignSerializer(many=True),
        summary="V7: resubmit campaigns flagged after a vet completed, in bulk",
    )
    @action(detail=False, methods=["post"], url_path="resubmit-for-vet")
    def resubmit_for_vet(self, request):
        ids = validated_input(ResubmitInputSerializer, request)["campaigns"]
        campaigns = list(Campaign.objects.visible_to(request.user).filter(pk__in=ids))
        if len(campaigns) != len(set(ids)):
            missing = sorted(set(ids) - {c.pk for c in campaigns})
            return Response({"campaigns": [f"No such campaign: {', '.join(map(str, missing))}."]}, status=404)
        done = services.campaigns_resubmit_for_vet(actor=request.user, campaigns=campaigns)
        return Response(CampaignSerializer(_campaigns().filter(pk__in=[c.pk for c in done]), many=True).data)


class _SuspensionView(APIView):
    """A suspension step of accounts (its services, policies and audit) answered here, because the answer lists
    the campaigns suspended (or reinstated) with it."""

    permission_classes = [HasRole]
    action_name = "suspend"
    #: {"suspend": (policy, service), "reinstate": (policy, service)}, and the subject's model and keyword.
    steps: dict = {}
    model = SubAccount
    subject = "sub_account"

    def get_permissions(self):
        return [*super().get_permissions(), policy_permission(self.steps[self.action_name][0])()]

    def post(self, request, pk):
        holder = get_visible_or_404(self.model.objects.all(), request.user, pk=pk)
        reason = validated_input(ReasonInputSerializer, request)["reason"]
        suspension = self.steps[self.action_name][1](actor=request.user, **{self.subject: holder}, reason=reason)
        return Response(
            {
                self.subject: suspension.subject.pk,
                "suspended": suspension.subject.is_suspended,
                "suspended_reason": suspension.subject.suspended_reason,
                "campaigns": [c.pk for c in suspension.along if isinstance(c, Campaign)],
            }
        )


class SubAccountSuspensionView(_SuspensionView):
    """C8: ``POST /sub-accounts/{id}/suspend/`` and ``/reinstate/`` (staff): the sub-account and its campaigns."""

    steps = {
        "suspend": (account_policies.sub_account_can_suspend, account_services.sub_account_suspend),
        "reinstate": (account_policies.sub_account_can_reinstate, account_services.sub_account_reinstate),
    }

    @extend_schema(request=ReasonInputSerializer, responses=SubAccountSuspensionSerializer)
    def post(self, request, pk):
        return super().post(request, pk)


class AccountSuspensionView(_SuspensionView):
    """M4.2: ``POST /accounts/{id}/suspend/`` and ``/reinstate/`` (a manager): the account and every campaign under
    its sub-accounts; reinstating brings back exactly the campaigns this step suspended."""

    steps = {
        "suspend": (account_policies.account_can_suspend, account_services.account_suspend),
        "reinstate": (account_policies.account_can_reinstate, account_services.account_reinstate),
    }
    model = Account
    subject = "account"

    @extend_schema(request=ReasonInputSerializer, responses=AccountSuspensionSerializer)
    def post(self, request, pk):
        return super().post(request, pk)
