"""Events API: ``/api/v1/traffic/events/`` — the bulk back-fill (POST, NDJSON or CSV) and the recent events
(GET, cursor pages). Callers: a sending-platform token with the ``events`` scope
(``traffic.auth.PlatformTokenAuthentication``), the customer (token or session); staff read."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import SubAccount
from core.api import CursorPagination, id_param
from traffic.auth import PlatformTokenAuthentication, TokenPrincipal

from . import policies, services
from .bulk import UploadRefused
from .choices import Milestone
from .models import MessageEvent
from .selectors import events_for

SCOPE = "events"
DEFAULT_DAYS = 7
MAX_DAYS = 31


def _principal(request) -> TokenPrincipal | None:
    return request.auth if isinstance(request.auth, TokenPrincipal) else None


class EventsPermission(BasePermission):
    """A platform token needs the ``events`` scope; people are asked the events policies."""

    message = "You may not do this."

    def has_permission(self, request, view) -> bool:
        principal = _principal(request)
        if principal is not None:
            if SCOPE not in principal.scopes:
                self.message = "This token may not be used for “events”; make one with that scope."
                return False
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        policy = policies.events_can_upload if request.method == "POST" else policies.events_can_list
        decision = policy(user)
        self.message = decision.reason or self.message
        return decision.allowed


class EventOut(serializers.ModelSerializer):
    sub_account = serializers.IntegerField(source="sub_account_id")
    milestone = serializers.SerializerMethodField()
    status = serializers.CharField(source="outcome")
    # Status rows: from our sender id to the person; inbound rows: from the person to our sender id.
    from_ = serializers.SerializerMethodField(method_name="get_from_")
    to = serializers.SerializerMethodField()

    class Meta:
        model = MessageEvent
        fields = [
            "id", "message_id", "sub_account", "provider", "milestone", "status", "error_code", "from_", "to",
            "at", "day", "kind", "text", "source",
        ]  # fmt: skip

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def get_milestone(self, obj) -> str:
        return Milestone(obj.milestone).name.lower()

    def _inbound(self, obj) -> bool:
        return obj.milestone == Milestone.INBOUND

    def get_from_(self, obj) -> str:
        return obj.number if self._inbound(obj) else obj.sender

    def get_to(self, obj) -> str:
        return obj.sender if self._inbound(obj) else obj.number


class UploadOut(serializers.Serializer):
    lines = serializers.IntegerField()
    stored = serializers.IntegerField()
    days = serializers.IntegerField()


def _day(params, name: str, default: dt.date) -> dt.date:
    value = params.get(name)
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [f"A day is YYYY-MM-DD, not “{value[:40]}”."]}) from None


class TrafficEventsView(APIView):
    authentication_classes = [PlatformTokenAuthentication, TokenAuthentication, SessionAuthentication]
    permission_classes = [EventsPermission]

    def _account_id(self, request) -> int | None:
        """The account acted for: the token's or the customer's; None for staff (every account)."""
        principal = _principal(request)
        if principal is not None:
            return principal.account_id
        return None if request.user.is_staff_role else request.user.account_id

    @extend_schema(
        parameters=[
            OpenApiParameter("sub_account", int),
            OpenApiParameter("account", int, description="Staff only."),
            OpenApiParameter("start", str, description="First UTC day (YYYY-MM-DD); default 7 days ago."),
            OpenApiParameter("end", str, description="Last UTC day; default today; at most 31 days after start."),
        ],
        responses=EventOut(many=True),
    )
    def get(self, request):
        """The events of the last days, newest first (a message's rows sit on the day it was first seen)."""
        account_id = self._account_id(request)
        params = request.query_params
        if account_id is None:
            account_id = id_param(params, "account", "Account")
        today = dt.datetime.now(dt.UTC).date()
        end = _day(params, "end", today)
        start = _day(params, "start", end - dt.timedelta(days=DEFAULT_DAYS - 1))
        if start > end:
            raise ValidationError({"start": ["The start comes after the end."]})
        if (end - start).days >= MAX_DAYS:
            raise ValidationError({"end": [f"At most {MAX_DAYS} days at a time; this asks {(end - start).days + 1}."]})
        sub_account_id = id_param(params, "sub_account", "Sub-account")
        if sub_account_id is not None:
            owner = SubAccount.objects.filter(pk=sub_account_id).values_list("account_id", flat=True).first()
            if owner is None or (account_id is not None and owner != account_id):
                raise Http404
        events = events_for(account_id=account_id, sub_account_id=sub_account_id, start=start, end=end)
        paginator = CursorPagination()
        paginator.ordering = "-id"
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(EventOut(page, many=True).data)

    @extend_schema(
        request={"application/x-ndjson": str, "text/csv": str},
        responses={201: UploadOut},
        description="Bulk back-fill: one event per line, all lines or none; a refusal lists the bad lines.",
    )
    def post(self, request):
        account_id = self._account_id(request)
        if account_id is None:
            raise PermissionDenied("Only the customer (or its sending platform) uploads delivery events.")
        django_request = request._request
        try:
            result = services.events_bulk_ingest(
                account_id=account_id, stream=django_request, content_type=django_request.content_type or ""
            )
        except UploadRefused as exc:
            body = {"detail": exc.message, "code": "bulk_invalid", "errors": exc.errors}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(UploadOut(result._asdict()).data, status=status.HTTP_201_CREATED)
