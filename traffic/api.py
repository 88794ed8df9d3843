"""Traffic API: the at-send check (a hot path: a plain Django view), alerts, sending-platform tokens, the
fraud-shield hook."""

from __future__ import annotations

import json

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import HasRole
from core.api import validated_input
from core.errors import DomainError
from core.policy import policy_permission

from . import policies, services
from .auth import CheckAuthError, check_caller_account
from .check import SubAccountNotFound, check_send
from .choices import ALL_SCOPES, TokenScope
from .models import Alert, PlatformToken

#: Largest check body: the fields plus a long MMS text.
MAX_CHECK_BODY = 64 * 1024
_FIELDS = ("sub_account", "from", "to", "channel", "text", "campaign")


def _bad(errors: dict, code: str = "invalid") -> JsonResponse:
    return JsonResponse({**errors, "code": code}, status=400)


def _int_field(data: dict, name: str, label: str, *, required: bool) -> int | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise DomainError("invalid", f"{label} is required.", field=name)
        return None
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdecimal())
    ):
        raise DomainError("invalid", f"{label} is an id (a positive whole number), not “{value}”.", field=name)
    value = int(value)
    if not 0 < value < 2**63:
        raise DomainError("invalid", f"{label} id {value} is out of range.", field=name)
    return value


@csrf_exempt  # token callers carry no CSRF token; a session caller's CSRF is checked in check_caller_account
@require_POST
def check_view(request):
    """``POST /api/v1/traffic/check/`` → ``{"allowed", "code", "reason", "country"}`` (DESIGN §7)."""
    try:
        account_id = check_caller_account(request, scope=TokenScope.CHECK)
    except CheckAuthError as exc:
        response = JsonResponse({"detail": exc.detail}, status=exc.status)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    if len(request.body) > MAX_CHECK_BODY:
        return _bad({"detail": f"The body has {len(request.body)} bytes; at most {MAX_CHECK_BODY}."})
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _bad({"detail": "Send the check as a JSON object."})
    if not isinstance(data, dict):
        return _bad({"detail": "Send the check as a JSON object."})
    if unknown := sorted(set(data) - set(_FIELDS)):
        return _bad({unknown[0]: [f"Unknown field; the check takes {', '.join(_FIELDS)}."]})
    text = data.get("text")
    try:
        if text is not None and not isinstance(text, str):
            raise DomainError("invalid", "text is the message's text (a string).", field="text")
        for name in ("from", "to", "channel"):
            if name not in data:
                raise DomainError("invalid", f"{name} is required.", field=name)
        result = check_send(
            account_id=account_id,
            sub_account_id=_int_field(data, "sub_account", "sub_account", required=True),
            sender=data["from"],
            to=data["to"],
            channel=data["channel"],
            text=text,
            campaign_id=_int_field(data, "campaign", "campaign", required=False),
        )
    except SubAccountNotFound:
        return JsonResponse({"detail": "No such sub-account.", "code": "not_found"}, status=404)
    except DomainError as exc:
        return _bad(exc.errors or {"detail": exc.message}, exc.code)
    return JsonResponse(
        {"allowed": result.allowed, "code": result.code, "reason": result.reason, "country": result.country}
    )


@csrf_exempt  # the carrier authenticates with the secret in the URL
@require_POST
def fraud_shield_hook(request, secret: str):
    """``POST /hooks/fraud-shield/<secret>/``: the seed's alert JSON → 201 (new case) or 200 (redelivery)."""
    try:
        alert, created = services.fraud_shield_receive(
            secret=secret, body=request.body, idempotency_key=request.headers.get("Idempotency-Key", "")[:200]
        )
    except services.UnknownSecret:
        raise Http404("No such hook.") from None
    except DomainError as exc:
        return _bad(exc.errors or {"detail": exc.message}, exc.code)
    return JsonResponse({"id": alert.pk, "created": created}, status=201 if created else 200)


# --------------------------------------------------------------------------------------------------- alerts
class AlertSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    seed_payload = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "kind_label",
            "sub_account",
            "own_bucket",
            "country",
            "blocked_until",
            "created_at",
            "state",
            "message",
            "figures",
            "seed_payload",
        ]
        read_only_fields = fields

    def get_seed_payload(self, alert) -> dict:
        return alert.seed_payload()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """M3 alerts: a customer's own, every account's for staff. Staff acknowledge and close them."""

    serializer_class = AlertSerializer
    permission_classes = [HasRole]

    def get_queryset(self):
        queryset = Alert.objects.visible_to(self.request.user).exclude(state="new")
        if (kind := self.request.query_params.get("kind")) is not None:
            from .choices import AlertKind

            if kind not in AlertKind.values:
                raise serializers.ValidationError({"kind": [f"Unknown kind “{kind}”: {', '.join(AlertKind.values)}."]})
            queryset = queryset.filter(kind=kind)
        return queryset

    def _decide(self, request, service):
        alert = self.get_object()
        data = validated_input(ReasonSerializer, request)
        alert = service(actor=request.user, alert=alert, reason=data["reason"])
        return Response(AlertSerializer(alert, context={"request": request}).data)

    @extend_schema(request=ReasonSerializer, responses=AlertSerializer)
    @action(detail=True, methods=["post"], permission_classes=[policy_permission(policies.alert_can_acknowledge)])
    def acknowledge(self, request, pk=None):
        return self._decide(request, services.alert_acknowledge)

    @extend_schema(request=ReasonSerializer, responses=AlertSerializer)
    @action(detail=True, methods=["post"], permission_classes=[policy_permission(policies.alert_can_close)])
    def close(self, request, pk=None):
        return self._decide(request, services.alert_close)


# --------------------------------------------------------------------------------------------------- tokens
class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformToken
        fields = ["id", "name", "prefix", "scopes", "created_at", "revoked_at"]
        read_only_fields = fields


class TokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=sorted(ALL_SCOPES)), min_length=1)


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="The token itself: shown once, never again.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Sending-platform tokens of the customer's account; DELETE revokes (the row stays, revoked)."""

    serializer_class = TokenSerializer
    permission_classes = [policy_permission(policies.token_can_manage)]

    def get_queryset(self):
        return PlatformToken.objects.visible_to(self.request.user)

    @extend_schema(request=TokenInputSerializer, responses={201: TokenCreatedSerializer})
    def create(self, request):
        data = validated_input(TokenInputSerializer, request)
        token, raw = services.token_create(actor=request.user, name=data["name"], scopes=data["scopes"])
        body = TokenSerializer(token).data
        return Response({**body, "token": raw}, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        services.token_revoke(actor=request.user, token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
