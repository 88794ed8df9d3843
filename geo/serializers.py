"""API shapes of geo permissions and requests (field shapes only; the rules are in ``geo.services``)."""

from rest_framework import serializers

from .choices import RequestDecision
from .constants import MAX_JUSTIFICATION
from .models import GeoRequest
from .selectors import CountryRow


def permission_row_data(row: CountryRow, *, sub_account_id: int | None) -> dict:
    """One row of ``GET /api/v1/geo-permissions/`` (API.md): ``overridden`` only on sub-account rows."""
    data = {
        "country": row.code,
        "name": row.name,
        "risk_level": row.risk_level,
        "region": row.region,
        "subregion": row.subregion,
        "enabled": row.enabled,
        "mph_threshold": row.mph_threshold,
        "breach_response": row.breach_response,
        "block_hours": row.block_hours,
        "hard_disabled": row.hard_disabled,
        "recommended_mph": row.recommended_mph,
    }
    if sub_account_id is not None:
        data["overridden"] = row.overridden
    return data


class PermissionRowSerializer(serializers.Serializer):
    """For the schema: the shape ``permission_row_data`` returns."""

    country = serializers.CharField()
    name = serializers.CharField()
    risk_level = serializers.CharField()
    region = serializers.CharField()
    subregion = serializers.CharField()
    enabled = serializers.BooleanField()
    mph_threshold = serializers.IntegerField(allow_null=True)
    breach_response = serializers.CharField()
    block_hours = serializers.IntegerField()
    hard_disabled = serializers.BooleanField()
    overridden = serializers.BooleanField(required=False)
    recommended_mph = serializers.IntegerField(allow_null=True)


class PermissionChangeSerializer(serializers.Serializer):
    """For the schema only: the service checks the values (so every fault is reported by field at once)."""

    enabled = serializers.BooleanField(required=False)
    mph_threshold = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    breach_response = serializers.CharField(required=False)
    block_hours = serializers.IntegerField(required=False, min_value=1, max_value=24)


class GeoRequestSerializer(serializers.ModelSerializer):
    country_name = serializers.CharField(source="country.name", read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = GeoRequest
        fields = [
            "id",
            "sub_account",
            "country",
            "country_name",
            "risk_level",
            "needs_manager",
            "justification",
            "status",
            "created_at",
            "decided_at",
            "decided_by",
            "decision_reason",
            "version",
        ]
        read_only_fields = fields

    def get_decided_by(self, obj) -> str | None:
        """The decider's user name; "system" for a request granted at once."""
        if obj.decided_at is None:
            return None
        return obj.decided_by.get_username() if obj.decided_by_id else "system"


class GeoRequestInputSerializer(serializers.Serializer):
    sub_account = serializers.IntegerField(min_value=1)
    country = serializers.CharField(max_length=2, min_length=2)
    justification = serializers.CharField(max_length=MAX_JUSTIFICATION, allow_blank=True, trim_whitespace=True)


class GeoRequestDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=RequestDecision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    version = serializers.IntegerField(required=False, min_value=1)
