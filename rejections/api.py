"""``/api/v1/rejection-codes/``: the catalogue, read-only, for any signed-in user."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from accounts.permissions import HasRole
from core.api import CursorPagination

from .choices import Family
from .codes import normalize_code
from .models import RejectionCode
from .serializers import RejectionCodeSerializer


class RejectionCodePagination(CursorPagination):
    """Catalogue order; one page holds the whole catalogue (103 codes)."""

    ordering = "sort_key"
    page_size = 200
    max_page_size = 200


class RejectionCodeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Text in the code or the reason (case-insensitive).")
    family = django_filters.ChoiceFilter(choices=Family.choices)

    class Meta:
        model = RejectionCode
        fields = ["q", "family"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(reason__icontains=value))


@extend_schema_view(
    list=extend_schema(summary="The rejection-code catalogue"),
    retrieve=extend_schema(
        summary="One rejection code",
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Rejection code (case-insensitive)."
            )
        ],
    ),
)
class RejectionCodeViewSet(viewsets.ReadOnlyModelViewSet):
    """Every catalogue code with its reason, remediation, family and whether it is remediable."""

    queryset = RejectionCode.objects.all()
    serializer_class = RejectionCodeSerializer
    permission_classes = [HasRole]
    pagination_class = RejectionCodePagination
    filterset_class = RejectionCodeFilter
    lookup_field = "code"

    def get_object(self) -> RejectionCode:
        code = normalize_code(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        obj = get_object_or_404(self.get_queryset(), code=code)
        self.check_object_permissions(self.request, obj)
        return obj
