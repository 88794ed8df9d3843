from django.urls import reverse
from rest_framework import serializers

from brands.choices import IdentityStatus

from .choices import AppealCategory, Decision
from .models import Appeal, Evidence
from .uploads.limits import MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, format_bytes


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "content_type", "sha256", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence: Evidence) -> str:
        path = reverse("api-appeal-evidence-detail", kwargs={"appeal_pk": evidence.appeal_id, "pk": evidence.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AppealSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    budget = serializers.SerializerMethodField(help_text="Evidence used so far against the A8 limits.")

    class Meta:
        model = Appeal
        fields = [
            "id",
            "appeal_type",
            "brand",
            "vet",
            "categories",
            "explanation",
            "status",
            "evidence",
            "budget",
            "created_at",
            "submitted_at",
            "decided_at",
            "decision",
            "decision_reason",
            "granted_identity_status",
            "granted_score",
            "version",
        ]
        read_only_fields = fields

    def get_budget(self, appeal: Appeal) -> dict:
        files = list(appeal.evidence.all())
        used = sum(e.size for e in files)
        return {
            "files": len(files),
            "max_files": 10,
            "bytes": used,
            "max_bytes": 30 * 1_048_576,
        }


class AppealInputSerializer(serializers.Serializer):
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=AppealCategory.choices), required=False, allow_empty=True
    )
    explanation = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    version = serializers.IntegerField(required=False)


class EvidenceInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=f"One file per request (A8: ≤ {format_bytes(MAX_FILE_BYTES)}, ≤ {MAX_FILES} files and "
        f"≤ {format_bytes(MAX_TOTAL_BYTES)} per appeal)."
    )


class AppealVersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class DecideInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(allow_blank=True)
    identity_status = serializers.ChoiceField(
        choices=[IdentityStatus.VERIFIED], required=False, help_text="Identity appeals: what approval grants."
    )
    # Text on purpose: the vetting service reports an out-of-range or non-numeric score precisely.
    score = serializers.CharField(required=False, allow_blank=True, help_text="Vet appeals: the new score, 0–100.")
    version = serializers.IntegerField(required=False)


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    appeal_type = serializers.CharField()
    reasons = serializers.ListField(child=serializers.DictField())
    categories = serializers.ListField(child=serializers.CharField())
    deadline = serializers.DateField(allow_null=True)
    open_appeal = serializers.IntegerField(allow_null=True)
