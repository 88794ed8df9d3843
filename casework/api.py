"""Work-items, audit-events and comments API (Q1–Q4). Thin: rules are in ``casework.services``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.permissions import HasRole
from accounts.tenancy import get_visible_or_404
from audit.models import AuditEvent
from core.api import CursorPagination, validated_input
from core.policy import policy_permission

from . import policies, services
from .forms import staff_choices
from .models import Comment, WorkItem
from .registry import KINDS, state_choices
from .selectors import FALSE_VALUES, TRUE_VALUES, is_id, workitem_queue
from .serializers import (
    AssignInputSerializer,
    AuditEventSerializer,
    CommentInputSerializer,
    CommentSerializer,
    NextInputSerializer,
    StaffAuditEventSerializer,
    WorkItemSerializer,
)


def _subject(request, value: str | None):
    """``<type>:<id>`` → the subject object, through the tenancy gate (404 for another account's)."""
    kind, _, pk = (value or "").partition(":")
    if kind not in KINDS or not pk.isdecimal() or len(pk) > 18:
        raise ValidationError({"subject": [f"Use <type>:<id> with a type among {', '.join(KINDS)}; got “{value}”."]})
    return get_visible_or_404(KINDS[kind].model.objects.all(), request.user, pk=int(pk))


def _check_queue_filters(params) -> None:
    """A mistyped filter is a 400, never a silently unfiltered list."""
    errors: dict[str, list[str]] = {}
    kind, assignee, account = params.get("kind"), params.get("assignee"), params.get("account")
    overdue = params.get("overdue")
    if kind and kind not in KINDS:
        errors["kind"] = [f"Unknown kind “{kind}”; one of {', '.join(KINDS)}."]
    if assignee and assignee not in ("me", "none") and not is_id(assignee):
        errors["assignee"] = [f"Use a user id, “me” or “none”; got “{assignee}”."]
    if account and not is_id(account):
        errors["account"] = [f"An account id is a whole number, not “{account}”."]
    if overdue and overdue.lower() not in (*TRUE_VALUES, *FALSE_VALUES):
        errors["overdue"] = [f"Use true or false, not “{overdue}”."]
    if errors:
        raise ValidationError(errors)


class WorkItemPagination(CursorPagination):
    ordering = ("sla_due", "id")


def _annotated(queryset):
    return queryset.with_overdue().select_related("assignee")


class WorkItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Open queue items for staff; ``kind``, ``state``, ``assignee`` (id, ``me``, ``none``), ``account``,
    ``overdue``, ``q`` filters; ordered by SLA due."""

    serializer_class = WorkItemSerializer
    permission_classes = [HasRole]
    pagination_class = WorkItemPagination
    #: Each action's policy, asked before its input is read (the services ask it again).
    action_policies = {
        "list": policies.queue_can_view,
        "retrieve": policies.queue_can_view,
        "claim": policies.workitem_can_claim,
        "release": policies.workitem_can_release,
        "assign": policies.workitem_can_assign,
        "next": policies.workitem_can_take_next,
    }

    def get_permissions(self):
        policy = self.action_policies.get(self.action, policies.queue_can_view)
        return [*super().get_permissions(), policy_permission(policy)()]

    def get_queryset(self):
        if self.action == "list":
            _check_queue_filters(self.request.query_params)
            return workitem_queue(user=self.request.user, filters=self.request.query_params.dict())
        return _annotated(WorkItem.objects.visible_to(self.request.user))

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", enum=list(KINDS)),
            OpenApiParameter(
                "state",
                description="An open state of the kind: "
                + ", ".join(f"`{value}`" for value, _ in state_choices())
                + " (labels such as “In review” are accepted); another value is a 400",
            ),
            OpenApiParameter("assignee", description="A user id, `me` or `none`"),
            OpenApiParameter("account", int),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("q", description="Brand name, EIN or reference (C-12)"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _respond(self, item) -> Response:
        return Response(WorkItemSerializer(_annotated(WorkItem.objects.filter(pk=item.pk)).get()).data)

    @extend_schema(request=None, responses=WorkItemSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        return self._respond(services.workitem_claim(actor=request.user, item=self.get_object()))

    @extend_schema(request=None, responses=WorkItemSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        return self._respond(services.workitem_release(actor=request.user, item=self.get_object()))

    @extend_schema(request=AssignInputSerializer, responses=WorkItemSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        item = self.get_object()
        assignee_id = validated_input(AssignInputSerializer, request)["assignee"]
        assignee = None
        if assignee_id is not None:
            assignee = staff_choices().filter(pk=assignee_id).first()
            if assignee is None:
                raise ValidationError({"assignee": [f"No analyst or manager has id {assignee_id}."]})
        services.workitem_assign(actor=request.user, items=[item], assignee=assignee)
        return self._respond(item)

    @extend_schema(request=NextInputSerializer, responses={200: WorkItemSerializer, 204: None})
    @action(detail=False, methods=["post"])
    def next(self, request):
        kind = validated_input(NextInputSerializer, request).get("kind") or None
        item = services.workitem_next(actor=request.user, kind=kind)
        if item is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self._respond(item)


class AuditEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """``GET /audit-events/?subject=<type>:<id>``: staff see every event; customers the customer-visible
    events of their own subjects. Without ``subject`` staff get the whole trail, newest first."""

    permission_classes = [HasRole]
    pagination_class = CursorPagination

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or self.request.user.is_staff_role:
            return StaffAuditEventSerializer
        return AuditEventSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return AuditEvent.objects.none()
        user = self.request.user
        events = AuditEvent.objects.order_by("-id")
        subject = self.request.query_params.get("subject")
        if subject:
            obj = _subject(self.request, subject)
            events = events.for_subject(obj)
        elif not user.is_staff_role:
            raise ValidationError({"subject": ["Customers ask for one subject's trail: ?subject=<type>:<id>."]})
        if not user.is_staff_role:
            events = events.customer_visible()
        return events

    @extend_schema(parameters=[OpenApiParameter("subject", description="<type>:<id>, e.g. campaign:12")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class CommentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """``GET /comments/?subject=<type>:<id>``, ``POST {"subject", "body", "internal"}``: customers see and
    write messages on their own subjects; staff also internal notes."""

    serializer_class = CommentSerializer
    permission_classes = [HasRole]
    pagination_class = CursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Comment.objects.none()
        obj = _subject(self.request, self.request.query_params.get("subject"))
        comments = Comment.objects.for_subject(obj).select_related("author").order_by("-id")
        if not self.request.user.is_staff_role:
            comments = comments.customer_visible()
        return comments

    @extend_schema(parameters=[OpenApiParameter("subject", required=True, description="<type>:<id>")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def create(self, request):
        data = validated_input(CommentInputSerializer, request)
        obj = _subject(request, data["subject"])
        comment = services.comment_add(
            actor=request.user, subject=obj, body=data["body"], internal=data.get("internal", False)
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
