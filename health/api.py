"""API of traffic health (M2.3) and violations (M4.1): ``/api/v1/traffic/health/`` and ``/api/v1/violations/``."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import SubAccount
from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from core.api import CursorPagination, id_param, single_page, validated_input
from core.errors import DomainError

from . import policies, selectors, services
from .constants import CHART_DAYS
from .serializers import HealthDaySerializer, HealthQuerySerializer, ViolationInputSerializer, ViolationSerializer

MAX_RANGE_DAYS = 366


class TrafficHealthView(APIView):
    """M2.3: a sub-account's judged days (default: the last 90), oldest first, at most 366 days at once."""

    permission_classes = [HasRole]

    @extend_schema(
        parameters=[
            OpenApiParameter("sub_account", int, required=True),
            OpenApiParameter("start", dt.date),
            OpenApiParameter("end", dt.date),
        ],
        responses=HealthDaySerializer(many=True),
    )
    def get(self, request):
        query = HealthQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        sub_account = get_visible_or_404(SubAccount.objects.all(), request.user, pk=data["sub_account"])
        end = data.get("end") or selectors.today()
        start = data.get("start") or end - dt.timedelta(days=CHART_DAYS - 1)
        if start > end:
            raise ValidationError({"start": [f"start ({start}) is after end ({end})."]})
        span = (end - start).days + 1
        if span > MAX_RANGE_DAYS:
            raise ValidationError(
                {"start": [f"The range is {span} days; at most {MAX_RANGE_DAYS} ({span - MAX_RANGE_DAYS} too many)."]}
            )
        days = selectors.health_days(sub_account_id=sub_account.pk, start=start, end=end)
        return single_page(HealthDaySerializer(days, many=True).data)


class ViolationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """M4.1: violations — customers read their own, staff read all and record them (``?sub_account=`` filters)."""

    serializer_class = ViolationSerializer
    permission_classes = [HasRole]
    pagination_class = CursorPagination

    def get_queryset(self):
        queryset = selectors.violations_visible(self.request.user)
        if (sub_account := id_param(self.request.query_params, "sub_account", "Sub-account")) is not None:
            queryset = queryset.filter(sub_account_id=sub_account)
        return queryset

    def _context(self, violations) -> dict:
        context = self.get_serializer_context()
        if policies.violation_can_see_proposal(self.request.user):
            pairs = {(v.sub_account_id, v.account_id) for v in violations if v.action_id is None}
            context["proposals"] = selectors.proposals_for(sorted(pairs))
        return context

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ViolationSerializer(page, many=True, context=self._context(page)).data)

    def retrieve(self, request, *args, **kwargs):
        violation = self.get_object()
        return Response(ViolationSerializer(violation, context=self._context([violation])).data)

    @extend_schema(request=ViolationInputSerializer, responses={201: ViolationSerializer})
    def create(self, request, *args, **kwargs):
        policies.violation_can_record(request.user).enforce()
        data = validated_input(ViolationInputSerializer, request)
        sub_account = SubAccount.objects.select_related("account").filter(pk=data["sub_account"]).first()
        if sub_account is None:
            raise DomainError("not_found", f"No sub-account has the id {data['sub_account']}.", field="sub_account")
        violation = services.violation_record(
            actor=request.user,
            sub_account=sub_account,
            kind=data["kind"],
            severity=data["severity"],
            evidence=data["evidence"],
            evidence_data=data.get("evidence_data") or {},
        )
        return Response(
            ViolationSerializer(violation, context=self._context([violation])).data, status=status.HTTP_201_CREATED
        )
