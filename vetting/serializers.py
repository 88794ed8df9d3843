from rest_framework import serializers

from .choices import Vendor, VetClass
from .models import Vet


class VetSerializer(serializers.ModelSerializer):
    token = serializers.SerializerMethodField(help_text="Masked but the last 4 characters for customers.")
    has_report = serializers.SerializerMethodField()

    class Meta:
        model = Vet
        fields = [
            "id",
            "brand",
            "vet_class",
            "vendor",
            "token",
            "status",
            "vendor_status",
            "score",
            "imported",
            "has_report",
            "version",
            "created_at",
            "completed_at",
        ]
        read_only_fields = fields

    def get_token(self, vet: Vet) -> str:
        user = self.context["request"].user if "request" in self.context else None
        if user is not None and user.is_staff_role:
            return vet.token
        return vet.masked_token

    def get_has_report(self, vet: Vet) -> bool:
        return bool(vet.report)


class VetInputSerializer(serializers.Serializer):
    vet_class = serializers.ChoiceField(choices=VetClass.choices)
    vendor = serializers.ChoiceField(choices=Vendor.choices)
    token = serializers.CharField(required=False, allow_blank=True, help_text="Give a token to import an existing vet.")


class VetResultInputSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="The vendor's status string (mapped, and kept raw).")
    # Text on purpose: the service reports an out-of-range or non-numeric score with the specifics.
    score = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="0–100")
    token = serializers.CharField(required=False, allow_blank=True)
    report = serializers.FileField(required=False, help_text="Enhanced vets: the vendor's report.")
    # A staff decision names the version it was made on: of two results sent at once, the second is stale (409).
    version = serializers.IntegerField(help_text="The vet's version you loaded; a stale one is refused (409).")
