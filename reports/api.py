"""``/api/v1/reports/`` (managers): request, list, retrieve with status/progress, download."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import IsManager
from core.api import validated_input

from . import services
from .downloads import report_file_response
from .serializers import ReportInputSerializer, ReportSerializer


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    permission_classes = [IsManager]

    def get_queryset(self):
        return services.report_visible(actor=self.request.user)

    @extend_schema(request=ReportInputSerializer, responses={202: ReportSerializer})
    def create(self, request):
        data = validated_input(ReportInputSerializer, request)
        report = services.report_request(
            actor=request.user,
            kind=data["kind"],
            format=data["format"],
            params=data["params"],
            page_size=data.get("page_size", ""),
        )
        report.refresh_from_db()  # under the eager default it may already be done
        return Response(ReportSerializer(report, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_name="download")
    def download(self, request, pk=None):
        return report_file_response(self.get_object())
