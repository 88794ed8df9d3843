"""API shapes of sender ids (no rules: those are in ``senders.services``)."""

from rest_framework import serializers

from .models import SenderId


class SenderIdSerializer(serializers.ModelSerializer):
    #: ``long_code`` or ``short_code`` — a plain string in the schema: other apps' ``kind`` enums share the name.
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = SenderId
        fields = [
            "id",
            "number",
            "kind",
            "campaign",
            "brand",
            "sub_account",
            "status",
            "assigned_at",
            "released_at",
            "suspended_at",
            "suspended_reason",
            "reassigned_from",
        ]
        read_only_fields = fields


class SenderIdInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40, help_text="E.164 US long code (+12025550123) or a short code.")
    campaign = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class SenderReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
