"""Sender ids API (S1, S2). Thin: every rule is in ``senders.services``."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policies as account_policies
from accounts import services as account_services
from accounts.models import Account
from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from campaigns.models import Campaign
from core.api import id_param, validated_input
from core.policy import policy_permission

from . import policies, services
from .choices import SenderStatus
from .selectors import sender_list_for
from .serializers import SenderIdInputSerializer, SenderIdSerializer, SenderReasonInputSerializer


class SenderIdViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Customers see and change their account's sender ids; staff all of them. DELETE releases (the row stays)."""

    serializer_class = SenderIdSerializer
    permission_classes = [HasRole]
    action_policies = {
        "create": policies.sender_can_assign,
        "destroy": policies.sender_can_release,
        "suspend": policies.sender_can_suspend,
        "reinstate": policies.sender_can_reinstate,
    }

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.action in self.action_policies:
            permissions.append(policy_permission(self.action_policies[self.action])())
        return permissions

    def get_queryset(self):
        if self.action != "list":
            return sender_list_for(user=self.request.user)  # filters never hide a sender id from its own URL
        params = self.request.query_params
        status_filter = params.get("status") or None
        if status_filter and status_filter not in SenderStatus.values:
            raise ValidationError(
                {"status": [f"Status is one of {', '.join(SenderStatus.values)}, not “{status_filter}”."]}
            )
        return sender_list_for(
            user=self.request.user,
            campaign_id=id_param(params, "campaign", "A campaign"),
            brand_id=id_param(params, "brand", "A brand"),
            status=status_filter,
            q=params.get("q", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int),
            OpenApiParameter("brand", int),
            OpenApiParameter("status", enum=SenderStatus.values),
            OpenApiParameter("q", description="The number, or its beginning"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SenderIdInputSerializer, responses={201: SenderIdSerializer})
    def create(self, request):
        data = validated_input(SenderIdInputSerializer, request)
        campaign = get_visible_or_404(Campaign.objects.all(), request.user, pk=data["campaign"])
        sender = services.sender_assign(actor=request.user, campaign=campaign, number=data["number"])
        return Response(SenderIdSerializer(sender).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SenderIdSerializer)
    def destroy(self, request, pk=None):
        sender = self.get_object()
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        sender = services.sender_release(actor=request.user, sender=sender, reason=str(reason))
        return Response(SenderIdSerializer(sender).data)

    @extend_schema(request=SenderReasonInputSerializer, responses=SenderIdSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        sender = self.get_object()
        reason = validated_input(SenderReasonInputSerializer, request)["reason"]
        return Response(
            SenderIdSerializer(services.sender_suspend(actor=request.user, sender=sender, reason=reason)).data
        )

    @extend_schema(request=SenderReasonInputSerializer, responses=SenderIdSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        sender = self.get_object()
        reason = validated_input(SenderReasonInputSerializer, request)["reason"]
        sender = services.sender_reinstate(actor=request.user, sender=sender, reason=reason)
        return Response(SenderIdSerializer(sender).data)


class AccountResellerSerializer(serializers.Serializer):
    account = serializers.IntegerField(source="pk")
    reseller = serializers.BooleanField()
    reseller_pending = serializers.BooleanField()
    reseller_approved_at = serializers.DateTimeField(allow_null=True)
    reseller_reason = serializers.CharField()


class AccountResellerView(APIView):
    """S4: ``POST /accounts/{id}/reseller/`` (staff mark an account as serving other ISVs) and
    ``/reseller/approve/`` (a manager approves it), each with ``{"reason"}``. Rules in ``accounts.services``."""

    permission_classes = [HasRole]
    #: action -> (policy, service)
    steps = {
        "mark": (account_policies.account_can_mark_reseller, account_services.account_mark_reseller),
        "approve": (account_policies.account_can_approve_reseller, account_services.account_approve_reseller),
    }
    action_name = "mark"

    def get_permissions(self):
        return [*super().get_permissions(), policy_permission(self.steps[self.action_name][0])()]

    @extend_schema(request=SenderReasonInputSerializer, responses=AccountResellerSerializer)
    def post(self, request, pk):
        account = get_visible_or_404(Account.objects.all(), request.user, pk=pk)
        reason = validated_input(SenderReasonInputSerializer, request)["reason"]
        account = self.steps[self.action_name][1](actor=request.user, account=account, reason=reason)
        return Response(AccountResellerSerializer(account).data)
