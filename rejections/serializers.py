from rest_framework import serializers

from .models import RejectionCode


class RejectionCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectionCode
        fields = ["code", "reason", "remediation", "family", "remediable"]
        read_only_fields = fields
