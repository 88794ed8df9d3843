"""API plumbing shared by every app: pagination and the domain-error → HTTP mapping."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class CursorPagination(pagination.CursorPagination):
    """Stable, index-friendly pages: ``{"next", "previous", "results"}``, no COUNT(*)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def page_response(request, queryset, serializer_class, *, ordering: str | tuple[str, ...]) -> Response:
    """One cursor page of ``queryset`` in the shape every list answers, ``{"next", "previous", "results"}``,
    for list actions that are not generic list views (a brand's vets, an appeal's evidence)."""
    paginator = CursorPagination()
    paginator.ordering = ordering
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(serializer_class(page, many=True, context={"request": request}).data)


def single_page(results: list) -> Response:
    """A list a rule keeps short (computed, not a queryset) in the same shape, whole on one page."""
    return Response({"next": None, "previous": None, "results": results})


def validated_input(serializer_class, request) -> dict:
    """The request body checked by ``serializer_class``: its validated data, or a 400 with DRF's field errors
    (``{"field": ["message"]}``) before any service runs."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def id_param(params, name: str, label: str) -> int | None:
    """A query parameter naming a database id (``?brand=12``): ``None`` when absent, a 400 naming the parameter
    when it is not a whole number a bigint holds (``"abc"``, ``"-1"``, 20 digits, ``"²"``)."""
    value = params.get(name)
    if value in (None, ""):
        return None
    if not (value.isascii() and value.isdecimal() and len(value) <= 18):
        raise ValidationError({name: [f"{label} id is a positive whole number, not “{value}”."]})
    return int(value)


def domain_error_response(exc: DomainError) -> Response:
    if exc.code == "forbidden":
        # A role refused by the service itself (the views' permission classes usually answer first).
        body: dict = {"detail": exc.message, "code": exc.code}
        http_status = status.HTTP_403_FORBIDDEN
    elif exc.conflict:
        body = {"detail": exc.message, "code": exc.code}
        http_status = status.HTTP_409_CONFLICT
    elif exc.errors:
        body = {**exc.errors, "code": exc.code}
        http_status = status.HTTP_400_BAD_REQUEST
    else:
        body = {"detail": exc.message, "code": exc.code}
        http_status = status.HTTP_400_BAD_REQUEST
    body.update({k: v for k, v in exc.extra.items() if k not in body})
    return Response(body, status=http_status)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
