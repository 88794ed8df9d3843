"""API shapes (API.md, second wave): field shape only, rules in ``optouts.services``."""

from rest_framework import serializers

from .models import BlockedKeyword, DncImport, DncList, KeywordExemption, OptOut


class OptOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = OptOut
        fields = ["id", "number", "scope", "sub_account", "source", "at", "active", "opted_in_at"]


class OptOutInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32)
    sub_account = serializers.IntegerField(min_value=1, max_value=2**62)
    scope = serializers.CharField(max_length=20, required=False, allow_blank=True)


class OptOutImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    sub_account = serializers.IntegerField(min_value=1, max_value=2**62)
    scope = serializers.CharField(max_length=20, required=False, allow_blank=True)


class DncImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DncImport
        fields = ["id", "status", "progress", "numbers", "lines", "error", "error_line", "created_at", "finished_at"]


class DncListSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    latest_import = serializers.SerializerMethodField()

    class Meta:
        model = DncList
        fields = ["id", "name", "description", "status", "progress", "numbers", "current_import", "latest_import"]

    def _latest(self, obj):
        if not hasattr(obj, "_latest_import"):
            obj._latest_import = obj.imports.order_by("-id").first()
        return obj._latest_import

    def get_status(self, obj) -> str:
        latest = self._latest(obj)
        return latest.status if latest else "empty"

    def get_progress(self, obj) -> int:
        latest = self._latest(obj)
        return latest.progress if latest else 0

    def get_latest_import(self, obj) -> dict | None:
        latest = self._latest(obj)
        return DncImportSerializer(latest).data if latest else None


class DncUploadInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    file = serializers.FileField()


class KeywordSerializer(serializers.ModelSerializer):
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = BlockedKeyword
        fields = ["id", "word", "announced_at", "effective_at", "retired_at", "in_force", "note"]

    def get_in_force(self, obj) -> bool:
        return obj.in_force(self.context["now"])


class KeywordInputSerializer(serializers.Serializer):
    word = serializers.CharField(max_length=200)
    effective_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class KeywordPatchSerializer(serializers.Serializer):
    effective_at = serializers.DateTimeField(required=False)
    retire = serializers.BooleanField(required=False)
    retire_at = serializers.DateTimeField(required=False, allow_null=True)


class ExemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeywordExemption
        fields = [
            "id",
            "word",
            "sub_account",
            "campaign",
            "justification",
            "examples",
            "status",
            "scope",
            "expires_at",
            "decision_reason",
            "decided_at",
            "created_at",
            "version",
        ]


class ExemptionInputSerializer(serializers.Serializer):
    word = serializers.CharField(max_length=200)
    sub_account = serializers.IntegerField(min_value=1, max_value=2**62)
    campaign = serializers.IntegerField(min_value=1, max_value=2**62, required=False, allow_null=True)
    justification = serializers.CharField(max_length=10_000)
    examples = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class ExemptionDecideInputSerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=20)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    scope = serializers.CharField(max_length=20, required=False, allow_blank=True)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)
