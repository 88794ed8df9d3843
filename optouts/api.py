"""Opt-outs, DNC lists, keywords and keyword requests API (M5). Thin: every rule is in ``optouts.services``."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from core.api import id_param, validated_input
from core.policy import policy_permission

from . import policies, selectors, services
from .models import BlockedKeyword, DncList, KeywordExemption
from .serializers import (
    DncListSerializer,
    DncUploadInputSerializer,
    ExemptionDecideInputSerializer,
    ExemptionInputSerializer,
    ExemptionSerializer,
    KeywordInputSerializer,
    KeywordPatchSerializer,
    KeywordSerializer,
    OptOutImportInputSerializer,
    OptOutInputSerializer,
    OptOutSerializer,
)
from .views import optout_csv_response


class CSVRenderer(BaseRenderer):
    """``?format=csv``: the export, streamed by the view (the renderer only lets DRF accept the format)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else str(data or "").encode()


def _with_policies(view, permissions):
    policy = view.action_policies.get(view.action)
    return [*permissions, policy_permission(policy)()] if policy else permissions


class OptOutViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """``GET`` the opt-outs (``?q=`` digits, ``?sub_account=``, ``?status=open|closed``; ``?format=csv`` exports
    them all, streamed); ``POST`` adds one (JSON) or imports a CSV file (multipart ``file``). No DELETE (M5.2)."""

    serializer_class = OptOutSerializer
    permission_classes = [HasRole]
    renderer_classes = [JSONRenderer, CSVRenderer]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_policies = {"list": policies.optout_can_view, "create": policies.optout_can_add}

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    def get_queryset(self):
        params = self.request.query_params
        return selectors.optout_list_for(
            user=self.request.user,
            q=params.get("q", "")[:32],
            sub_account_id=id_param(params, "sub_account", "A sub-account"),
            active=params.get("status", ""),
        )

    def list(self, request, *args, **kwargs):
        if getattr(request, "accepted_renderer", None) is not None and request.accepted_renderer.format == "csv":
            return optout_csv_response(self.get_queryset())
        return super().list(request, *args, **kwargs)

    @extend_schema(request=OptOutInputSerializer, responses={201: OptOutSerializer})
    def create(self, request, *args, **kwargs):
        if "file" in request.FILES:
            data = validated_input(OptOutImportInputSerializer, request)
            result = services.optout_import(
                actor=request.user, sub_account=data["sub_account"], file=data["file"], scope=data.get("scope") or None
            )
            return Response(
                {"added": result.added, "already": result.already, "rows": result.rows}, status=status.HTTP_201_CREATED
            )
        data = validated_input(OptOutInputSerializer, request)
        row = services.optout_add(
            actor=request.user, sub_account=data["sub_account"], number=data["number"], scope=data.get("scope") or None
        )
        return Response(OptOutSerializer(row).data, status=status.HTTP_201_CREATED)


class DncListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff read the lists; a manager's multipart POST (``name``, ``file``) uploads a list or a new version."""

    serializer_class = DncListSerializer
    permission_classes = [HasRole]
    parser_classes = [MultiPartParser, FormParser]
    action_policies = {
        "list": policies.dnc_can_view,
        "retrieve": policies.dnc_can_view,
        "create": policies.dnc_can_upload,
    }
    queryset = DncList.objects.order_by("-id")

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    @extend_schema(request=DncUploadInputSerializer, responses={202: DncListSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(DncUploadInputSerializer, request)
        upload = services.dnc_upload(
            actor=request.user, name=data["name"], file=data["file"], description=data.get("description", "")
        )
        dnc_list = DncList.objects.get(pk=upload.dnc_list_id)
        return Response(DncListSerializer(dnc_list).data, status=status.HTTP_202_ACCEPTED)


class KeywordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Everyone signed in: the keywords in force and those coming (``?when=in_force|upcoming``); managers POST a
    new one and PATCH ``effective_at`` or ``retire``."""

    serializer_class = KeywordSerializer
    permission_classes = [HasRole]
    action_policies = {
        "list": policies.keyword_can_view,
        "create": policies.keyword_can_change,
        "partial_update": policies.keyword_can_change,
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_queryset(self):
        now = timezone.now()
        when = self.request.query_params.get("when", "")
        if when == "in_force":
            return selectors.keywords_in_force(at=now).order_by("-id")
        if when == "upcoming":
            return selectors.keywords_upcoming(at=now).order_by("-id")
        return (selectors.keywords_in_force(at=now) | selectors.keywords_upcoming(at=now)).distinct().order_by("-id")

    @extend_schema(request=KeywordInputSerializer, responses={201: KeywordSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(KeywordInputSerializer, request)
        keyword = services.keyword_add(
            actor=request.user, word=data["word"], effective_at=data.get("effective_at"), note=data.get("note", "")
        )
        return Response(KeywordSerializer(keyword, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=KeywordPatchSerializer, responses=KeywordSerializer)
    def partial_update(self, request, pk=None):
        keyword = BlockedKeyword.objects.filter(pk=id_param({"pk": pk}, "pk", "A keyword")).first()
        if keyword is None:
            return Response({"detail": "No such keyword.", "code": "not_found"}, status=404)
        data = validated_input(KeywordPatchSerializer, request)
        if data.get("retire"):
            keyword = services.keyword_retire(actor=request.user, keyword=keyword, retire_at=data.get("retire_at"))
        elif data.get("effective_at"):
            keyword = services.keyword_reschedule(
                actor=request.user, keyword=keyword, effective_at=data["effective_at"]
            )
        else:
            return Response({"detail": "Send effective_at, or retire: true.", "code": "invalid"}, status=400)
        return Response(KeywordSerializer(keyword, context=self.get_serializer_context()).data)


class KeywordExemptionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExemptionSerializer
    permission_classes = [HasRole]
    # ``decide`` asks its policy after the object is found: another account's request is a 404 before a 403.
    action_policies = {"create": policies.exemption_can_request}

    def get_permissions(self):
        return _with_policies(self, super().get_permissions())

    def get_queryset(self):
        return selectors.exemption_list_for(user=self.request.user, status=self.request.query_params.get("status", ""))

    @extend_schema(request=ExemptionInputSerializer, responses={201: ExemptionSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(ExemptionInputSerializer, request)
        exemption = services.exemption_request(
            actor=request.user,
            sub_account=data["sub_account"],
            word=data["word"],
            justification=data["justification"],
            examples=data.get("examples", ""),
            campaign=data.get("campaign"),
        )
        return Response(ExemptionSerializer(exemption).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExemptionDecideInputSerializer, responses=ExemptionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        exemption = get_visible_or_404(KeywordExemption.objects, request.user, pk=pk)
        policies.exemption_can_decide(request.user).enforce()
        data = validated_input(ExemptionDecideInputSerializer, request)
        exemption = services.exemption_decide(
            actor=request.user,
            exemption=exemption,
            decision=data["decision"],
            reason=data.get("reason", ""),
            scope=data.get("scope") or None,
            expires_at=data.get("expires_at"),
            expected_version=data.get("version"),
        )
        return Response(ExemptionSerializer(exemption).data)
