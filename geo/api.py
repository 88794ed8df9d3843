"""Geo permissions API (M1.1–M1.4, M1.7) and country requests (M1.2, M1.3). Thin: the rules are in
``geo.services``; tenancy through ``visible_to`` (another account's sub-account or request is a 404)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Account, SubAccount
from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from core.api import id_param, single_page, validated_input
from core.policy import policy_permission

from . import policies, selectors, services
from .choices import RequestStatus
from .models import Country, GeoRequest
from .serializers import (
    GeoRequestDecisionSerializer,
    GeoRequestInputSerializer,
    GeoRequestSerializer,
    PermissionChangeSerializer,
    PermissionRowSerializer,
    permission_row_data,
)

SCOPE_PARAMETERS = [
    OpenApiParameter("sub_account", int, description="A sub-account's settings (none: the account's defaults)"),
    OpenApiParameter("account", int, description="Staff: the account whose defaults to read or change"),
]


def _scope(request) -> tuple[Account, SubAccount | None]:
    """The account and sub-account named by the query: a sub-account that is not the user's is a 404; a customer
    is always in their own account; staff name it with ``account`` (or through the sub-account)."""
    user = request.user
    params = request.query_params
    sub_id = id_param(params, "sub_account", "A sub-account")
    if sub_id is not None:
        sub_account = get_visible_or_404(SubAccount.objects.select_related("account"), user, pk=sub_id)
        return sub_account.account, sub_account
    account_id = id_param(params, "account", "An account")
    if user.is_customer:
        if account_id is not None and account_id != user.account_id:
            raise Http404("No such account.")
        return user.account, None
    if account_id is None:
        raise ValidationError({"account": ["Name the account (?account=<id>) or a sub-account (?sub_account=<id>)."]})
    return get_visible_or_404(Account.objects.all(), user, pk=account_id), None


def _country_or_404(code: str) -> Country:
    try:
        return Country.objects.get(code=code.upper())
    except Country.DoesNotExist:
        raise Http404(f"“{code}” is not a country code (ISO 3166-1 alpha-2).") from None


def _row(account, sub_account, country: str) -> dict:
    sub_id = sub_account.pk if sub_account else None
    row = selectors.permission_rows(account_id=account.pk, sub_account_id=sub_id, only=country)[0]
    return permission_row_data(row, sub_account_id=sub_id)


class GeoPermissionListView(APIView):
    """Every country with the setting in force for the account or a sub-account, and the recommendation."""

    permission_classes = [HasRole]

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=PermissionRowSerializer(many=True))
    def get(self, request):
        account, sub_account = _scope(request)
        sub_id = sub_account.pk if sub_account else None
        rows = selectors.permission_rows(account_id=account.pk, sub_account_id=sub_id)
        return single_page([permission_row_data(row, sub_account_id=sub_id) for row in rows])


class GeoPermissionDetailView(APIView):
    """PATCH one country's setting (``enabled: true`` only through a request for customers, M1.3); DELETE
    removes a sub-account's override (M1.4)."""

    permission_classes = [HasRole]

    @extend_schema(parameters=SCOPE_PARAMETERS, request=PermissionChangeSerializer, responses=PermissionRowSerializer)
    def patch(self, request, country):
        account, sub_account = _scope(request)
        catalogue_row = _country_or_404(country)
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": ["Send an object of settings."]})
        services.geo_permission_set(
            actor=request.user,
            account=account,
            sub_account=sub_account,
            country=catalogue_row.code,
            changes=dict(request.data),
        )
        return Response(_row(account, sub_account, catalogue_row.code))

    @extend_schema(parameters=SCOPE_PARAMETERS, request=None, responses=PermissionRowSerializer)
    def delete(self, request, country):
        account, sub_account = _scope(request)
        catalogue_row = _country_or_404(country)
        if sub_account is None:
            raise ValidationError({"sub_account": ["Overrides belong to a sub-account: name it (?sub_account=<id>)."]})
        removed = services.geo_override_remove(actor=request.user, sub_account=sub_account, country=catalogue_row.code)
        if not removed:
            return Response(
                {"detail": f"{sub_account.name} does not override {catalogue_row.name}.", "code": "not_found"},
                status=status.HTTP_404_NOT_FOUND,
            )
        # The row as it now applies: the account's setting again.
        return Response(_row(account, sub_account, catalogue_row.code))


class GeoRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Country requests: customers file and read their own; staff read all and decide."""

    serializer_class = GeoRequestSerializer
    permission_classes = [HasRole]

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.action == "create":
            permissions.append(policy_permission(policies.georequest_can_file)())
        if self.action == "decide":
            permissions.append(policy_permission(policies.georequest_can_decide)())
        return permissions

    def get_queryset(self):
        queryset = GeoRequest.objects.visible_to(self.request.user).select_related("country", "decided_by")
        if self.action != "list":
            return queryset
        params = self.request.query_params
        value = params.get("status")
        if value:
            if value not in RequestStatus.values:
                raise ValidationError(
                    {"status": [f"“{value}” is not a status; use {', '.join(RequestStatus.values)}."]}
                )
            queryset = queryset.filter(status=value)
        if (sub_id := id_param(params, "sub_account", "A sub-account")) is not None:
            queryset = queryset.filter(sub_account_id=sub_id)
        if (country := params.get("country")) is not None:
            queryset = queryset.filter(country_id=country.upper())
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("status", enum=RequestStatus.values),
            OpenApiParameter("sub_account", int),
            OpenApiParameter("country"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=GeoRequestInputSerializer, responses={201: GeoRequestSerializer})
    def create(self, request):
        data = validated_input(GeoRequestInputSerializer, request)
        sub_account = get_visible_or_404(
            SubAccount.objects.select_related("account"), request.user, pk=data["sub_account"]
        )
        georequest = services.geo_request_file(
            actor=request.user,
            sub_account=sub_account,
            country=data["country"],
            justification=data["justification"],
        )
        return Response(self.get_serializer(georequest).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GeoRequestDecisionSerializer, responses=GeoRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        georequest = self.get_object()
        data = validated_input(GeoRequestDecisionSerializer, request)
        georequest = services.geo_request_decide(
            actor=request.user,
            georequest=georequest,
            decision=data["decision"],
            reason=data.get("reason", ""),
            expected_version=data.get("version"),
        )
        return Response(self.get_serializer(georequest).data)
