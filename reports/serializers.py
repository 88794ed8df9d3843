from django.urls import reverse
from rest_framework import serializers

from .choices import PageSize, ReportFormat, ReportKind
from .models import Report


class ReportSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "format",
            "page_size",
            "params",
            "title",
            "status",
            "progress",
            "download_url",
            "size",
            "failure_reason",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_download_url(self, report: Report) -> str | None:
        if report.status != "done":
            return None
        url = reverse("api-report-download", args=[report.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ReportInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    page_size = serializers.ChoiceField(choices=PageSize.choices, required=False)
    params = serializers.DictField(
        help_text='brand_dossier: {"brand": id}; period_audit: {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", '
        '"account": id (optional)}'
    )
