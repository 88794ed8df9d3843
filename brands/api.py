from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.models import SubAccount
from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from core.api import validated_input
from core.policy import policy_permission

from . import policies, services
from .models import Brand
from .serializers import (
    BrandInputSerializer,
    BrandReviewSerializer,
    BrandSerializer,
    IdentityInputSerializer,
    ReviewInputSerializer,
    VersionInputSerializer,
)


class BrandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Brands: customers see their account's, staff see all. Every change goes through brands.services."""

    serializer_class = BrandSerializer
    permission_classes = [HasRole]
    #: The policy each changing action asks before anything is read (the services ask it again).
    action_policies = {
        "create": policies.brand_can_register,
        "partial_update": policies.brand_can_edit,
        "submit": policies.brand_can_submit,
        "identity": policies.brand_can_record_identity,
        "review": policies.brand_can_review,
    }

    def get_permissions(self):
        permissions = super().get_permissions()
        if self.action in self.action_policies:
            permissions.append(policy_permission(self.action_policies[self.action])())
        return permissions

    def get_queryset(self):
        queryset = Brand.objects.visible_to(self.request.user).select_related("sub_account")
        q = self.request.query_params.get("q", "").strip()
        if q:
            digits = q.replace("-", "")
            queryset = queryset.filter(Q(legal_name__icontains=q) | Q(display_name__icontains=q) | Q(tax_id=digits))
        for field in ("status", "identity_status", "entity_type"):
            value = self.request.query_params.get(field)
            if value:
                queryset = queryset.filter(**{field: value})
        sub_account = self.request.query_params.get("sub_account")
        if sub_account:
            if not sub_account.isdecimal() or len(sub_account) > 18:
                raise ValidationError({"sub_account": [f"A sub-account id is a whole number, not “{sub_account}”."]})
            queryset = queryset.filter(sub_account_id=int(sub_account))
        return queryset

    @extend_schema(request=BrandInputSerializer, responses={201: BrandSerializer})
    def create(self, request):
        data = validated_input(BrandInputSerializer, request)
        data.pop("version", None)
        sub_account = data.pop("sub_account", None)
        if sub_account is None:
            return Response({"sub_account": ["This field is required."]}, status=status.HTTP_400_BAD_REQUEST)
        sub_account = get_visible_or_404(SubAccount.objects, request.user, pk=sub_account)
        brand = services.brand_register(actor=request.user, sub_account=sub_account, data=data)
        return Response(self.get_serializer(brand).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BrandInputSerializer, responses=BrandSerializer)
    def partial_update(self, request, pk=None):
        brand = self.get_object()
        data = validated_input(BrandInputSerializer, request)
        version = data.pop("version", None)
        if "sub_account" in data:
            return Response({"sub_account": ["A brand cannot move to another sub-account."]}, status=400)
        brand = services.brand_update(actor=request.user, brand=brand, data=data, expected_version=version)
        return Response(self.get_serializer(brand).data)

    @extend_schema(request=VersionInputSerializer, responses=BrandSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        brand = self.get_object()
        data = validated_input(VersionInputSerializer, request)
        brand = services.brand_submit(actor=request.user, brand=brand, expected_version=data.get("version"))
        return Response(self.get_serializer(brand).data)

    @extend_schema(request=IdentityInputSerializer, responses=BrandSerializer)
    @action(detail=True, methods=["post"])
    def identity(self, request, pk=None):
        brand = self.get_object()
        data = validated_input(IdentityInputSerializer, request)
        brand = services.brand_record_identity(actor=request.user, brand=brand, **data)
        return Response(self.get_serializer(brand).data)

    @extend_schema(request=ReviewInputSerializer, responses=BrandReviewSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        brand = self.get_object()
        data = validated_input(ReviewInputSerializer, request)
        review = services.brand_review(
            actor=request.user,
            brand=brand,
            decision=data["decision"],
            reason=data["reason"],
            codes=data["codes"],
            checklist=data["checklist"],
            expected_version=data.get("version"),
        )
        return Response(BrandReviewSerializer(review).data)
