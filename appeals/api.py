"""Appeals API (A1–A9). Thin: every rule is in ``appeals.services``."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from brands.models import Brand
from core.api import CursorPagination, domain_error_response, id_param, page_response, validated_input
from core.policy import policy_permission
from vetting.models import Vet

from . import policies, services
from .downloads import evidence_download
from .models import Appeal, Evidence
from .serializers import (
    AppealInputSerializer,
    AppealSerializer,
    AppealVersionInputSerializer,
    DecideInputSerializer,
    EligibilitySerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
)
from .uploads import UploadRefused


def _appeals():
    return Appeal.objects.select_related("brand__sub_account", "vet").prefetch_related("evidence")


def _page(appeals, request) -> Response:
    return page_response(request, appeals, AppealSerializer, ordering=("-created_at", "-id"))


def _with_policies(view, permissions):
    """The view's permissions plus the policy its action asks (``action_policies``), before any input is read."""
    policy = view.action_policies.get(view.action)
    return [*permissions, policy_permission(policy)()] if policy else permissions


class BrandAppealsView(viewsets.ViewSet):
    """``/brands/{id}/appeals/``: the brand's appeals of both types; POST files an identity-status appeal."""

    permission_classes = [HasRole]
    pagination_class = CursorPagination  # the list's shape, for the schema
    action_policies = {"create": policies.appeal_can_file}

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    @extend_schema(responses=AppealSerializer(many=True))
    def list(self, request, brand_pk=None):
        brand = get_visible_or_404(Brand.objects, request.user, pk=brand_pk)
        return _page(_appeals().filter(brand=brand), request)

    @extend_schema(request=AppealInputSerializer, responses={201: AppealSerializer})
    def create(self, request, brand_pk=None):
        brand = get_visible_or_404(Brand.objects.select_related("sub_account"), request.user, pk=brand_pk)
        data = validated_input(AppealInputSerializer, request)
        appeal = services.appeal_open(
            actor=request.user, brand=brand, categories=data.get("categories"), explanation=data.get("explanation", "")
        )
        return Response(AppealSerializer(appeal, context={"request": request}).data, status=status.HTTP_201_CREATED)


class VetAppealsView(viewsets.ViewSet):
    """``/vets/{id}/appeals/``: the vet's appeals; POST files a standard-vet appeal."""

    permission_classes = [HasRole]
    pagination_class = CursorPagination  # the list's shape, for the schema
    action_policies = {"create": policies.appeal_can_file}

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    @extend_schema(responses=AppealSerializer(many=True))
    def list(self, request, vet_pk=None):
        vet = get_visible_or_404(Vet.objects, request.user, pk=vet_pk)
        return _page(_appeals().filter(vet=vet), request)

    @extend_schema(request=AppealInputSerializer, responses={201: AppealSerializer})
    def create(self, request, vet_pk=None):
        vet = get_visible_or_404(Vet.objects.select_related("brand__sub_account"), request.user, pk=vet_pk)
        data = validated_input(AppealInputSerializer, request)
        appeal = services.appeal_open(
            actor=request.user, vet=vet, categories=data.get("categories"), explanation=data.get("explanation", "")
        )
        return Response(AppealSerializer(appeal, context={"request": request}).data, status=status.HTTP_201_CREATED)


class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AppealSerializer
    permission_classes = [HasRole]
    action_policies = {
        "partial_update": policies.appeal_can_edit,
        "submit": policies.appeal_can_submit,
        "start_review": policies.appeal_can_start_review,
        "decide": policies.appeal_can_decide,
    }

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    def get_queryset(self):
        queryset = _appeals().visible_to(self.request.user)
        params = self.request.query_params
        for param in ("status", "appeal_type"):
            value = params.get(param)
            if value:
                queryset = queryset.filter(**{param: value})
        for param, label in (("brand", "A brand"), ("vet", "A vet")):
            value = id_param(params, param, label)
            if value is not None:
                queryset = queryset.filter(**{f"{param}_id": value})
        return queryset

    @extend_schema(request=AppealInputSerializer, responses=AppealSerializer)
    def partial_update(self, request, pk=None):
        data = validated_input(AppealInputSerializer, request)
        appeal = services.appeal_update(
            actor=request.user,
            appeal=self.get_object(),
            categories=data.get("categories"),
            explanation=data.get("explanation"),
            expected_version=data.get("version"),
        )
        return Response(AppealSerializer(_appeals().get(pk=appeal.pk), context={"request": request}).data)

    @extend_schema(request=AppealVersionInputSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = validated_input(AppealVersionInputSerializer, request)
        appeal = services.appeal_submit(
            actor=request.user, appeal=self.get_object(), expected_version=data.get("version")
        )
        return Response(AppealSerializer(_appeals().get(pk=appeal.pk), context={"request": request}).data)

    @extend_schema(request=None, responses=AppealSerializer)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        appeal = services.appeal_start_review(actor=request.user, appeal=self.get_object())
        return Response(AppealSerializer(_appeals().get(pk=appeal.pk), context={"request": request}).data)

    @extend_schema(request=DecideInputSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = validated_input(DecideInputSerializer, request)
        appeal = services.appeal_decide(
            actor=request.user,
            appeal=self.get_object(),
            decision=data["decision"],
            reason=data["reason"],
            identity_status=data.get("identity_status"),
            score=data.get("score"),
            expected_version=data.get("version"),
        )
        return Response(AppealSerializer(_appeals().get(pk=appeal.pk), context={"request": request}).data)


class AppealEvidenceView(viewsets.ViewSet):
    """``/appeals/{id}/evidence/``: list, upload (one multipart ``file`` per request), download, delete.

    Uploads are checked while they stream (``appeals.upload_handlers``): a refused file never reaches the view.
    """

    permission_classes = [HasRole]
    pagination_class = CursorPagination  # the list's shape, for the schema
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    action_policies = {"create": policies.appeal_can_edit, "destroy": policies.appeal_can_edit}

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    def _appeal(self, request, appeal_pk) -> Appeal:
        return get_visible_or_404(Appeal.objects.select_related("brand__sub_account"), request.user, pk=appeal_pk)

    @extend_schema(responses=EvidenceSerializer(many=True))
    def list(self, request, appeal_pk=None):
        appeal = self._appeal(request, appeal_pk)
        return page_response(request, appeal.evidence.all(), EvidenceSerializer, ordering=("uploaded_at", "id"))

    @extend_schema(request={"multipart/form-data": EvidenceInputSerializer}, responses={201: EvidenceSerializer})
    def create(self, request, appeal_pk=None):
        appeal = self._appeal(request, appeal_pk)
        files = request.FILES  # parses the body through the streaming handler
        refusals = getattr(request, "upload_refusals", [])
        if refusals:
            return domain_error_response(_as_field_error(refusals))
        upload = files.get("file")
        if upload is None:
            return domain_error_response(
                UploadRefused("", "Send one file in the multipart field “file”.", reason="required")
            )
        evidence = services.evidence_add(actor=request.user, appeal=appeal, upload=upload)
        return Response(EvidenceSerializer(evidence, context={"request": request}).data, status=201)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def retrieve(self, request, appeal_pk=None, pk=None):
        appeal = self._appeal(request, appeal_pk)
        evidence = get_object_or_404(Evidence, appeal=appeal, pk=pk)
        return evidence_download(evidence)

    @extend_schema(responses={204: None})
    def destroy(self, request, appeal_pk=None, pk=None):
        appeal = self._appeal(request, appeal_pk)
        evidence = get_object_or_404(Evidence.objects.select_related("appeal"), appeal=appeal, pk=pk)
        services.evidence_remove(actor=request.user, evidence=evidence)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _as_field_error(refusals):
    """Every refusal of the request under ``file``; ``reason`` and ``limit`` are the first one's."""
    first = refusals[0]
    first.errors = {"file": [r.message for r in refusals]}
    return first


class AppealEligibilityView(APIView):
    """A2–A6 before filing: ``?brand=<id>`` (identity appeal) or ``?vet=<id>`` (standard-vet appeal)."""

    permission_classes = [HasRole]

    @extend_schema(
        parameters=[OpenApiParameter("brand", int, required=False), OpenApiParameter("vet", int, required=False)],
        responses=EligibilitySerializer,
    )
    def get(self, request):
        brand_id, vet_id = request.query_params.get("brand"), request.query_params.get("vet")
        if bool(brand_id) == bool(vet_id):
            return Response(
                {"detail": "Give ?brand=<id> for an identity appeal or ?vet=<id> for a standard-vet appeal."},
                status=400,
            )
        if brand_id:
            brand = get_visible_or_404(
                Brand.objects, request.user, pk=id_param(request.query_params, "brand", "A brand")
            )
            result = services.appeal_eligibility(brand=brand)
        else:
            pk = id_param(request.query_params, "vet", "A vet")
            result = services.appeal_eligibility(
                vet=get_visible_or_404(Vet.objects.select_related("brand"), request.user, pk=pk)
            )
        return Response(EligibilitySerializer(result.as_dict()).data)
