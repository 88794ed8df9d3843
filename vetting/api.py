from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from brands.models import Brand
from core.api import CursorPagination, id_param, page_response, single_page, validated_input
from core.policy import policy_permission

from . import policies, services
from .models import Vet
from .selectors import brand_instances_lacking_token
from .serializers import VetInputSerializer, VetResultInputSerializer, VetSerializer


class BrandVetsView(viewsets.ViewSet):
    """``/brands/{id}/vets/``: list a brand's vets; request one, or import one by token."""

    permission_classes = [HasRole]
    pagination_class = CursorPagination  # the list's shape, for the schema

    def _brand(self, request, brand_pk):
        return get_visible_or_404(Brand.objects.select_related("sub_account"), request.user, pk=brand_pk)

    @extend_schema(responses=VetSerializer(many=True))
    def list(self, request, brand_pk=None):
        brand = self._brand(request, brand_pk)
        vets = brand.vets.all().select_related("brand")
        return page_response(request, vets, VetSerializer, ordering=("-created_at", "-id"))

    @extend_schema(request=VetInputSerializer, responses={201: VetSerializer})
    def create(self, request, brand_pk=None):
        brand = self._brand(request, brand_pk)
        data = validated_input(VetInputSerializer, request)
        if data.get("token"):
            vet = services.vet_import(
                actor=request.user, brand=brand, vet_class=data["vet_class"], vendor=data["vendor"], token=data["token"]
            )
        else:
            vet = services.vet_request(
                actor=request.user, brand=brand, vet_class=data["vet_class"], vendor=data["vendor"]
            )
        return Response(VetSerializer(vet, context={"request": request}).data, status=status.HTTP_201_CREATED)


class VetViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = VetSerializer
    permission_classes = [HasRole]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = Vet.objects.visible_to(self.request.user).select_related("brand")
        params = self.request.query_params
        for field in ("status", "vet_class"):
            value = params.get(field)
            if value:
                queryset = queryset.filter(**{field: value})
        brand = id_param(params, "brand", "A brand")
        if brand is not None:
            queryset = queryset.filter(brand_id=brand)
        return queryset

    @extend_schema(request=VetResultInputSerializer, responses=VetSerializer)
    @action(detail=True, methods=["post"], permission_classes=[policy_permission(policies.vet_can_record_result)])
    def result(self, request, pk=None):
        vet = self.get_object()
        data = validated_input(VetResultInputSerializer, request)
        vet = services.vet_record_result(
            actor=request.user,
            vet=vet,
            status=data["status"],
            score=data.get("score"),
            token=data.get("token") or None,
            report=data.get("report"),
            expected_version=data["version"],
        )
        return Response(VetSerializer(vet, context={"request": request}).data)

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"], url_path="instances-lacking-token")
    def instances_lacking_token(self, request, pk=None):
        """V6: other instances of this brand (same tax id) that have not imported the token yet."""
        vet = self.get_object()
        brands = brand_instances_lacking_token(vet=vet, user=request.user)
        return single_page([{"id": b.pk, "name": str(b), "sub_account": b.sub_account.friendly_name} for b in brands])
