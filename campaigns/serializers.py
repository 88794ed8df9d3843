"""API shapes for campaigns. Field shapes only: values are validated by ``campaigns.validation`` (services)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .choices import SUB_USE_CASES, Carrier, CarrierState, ReviewDecision, UseCase
from .models import SUBMITTED_FIELDS, Campaign, CampaignReview, CarrierStatus


class CampaignFindingSerializer(serializers.Serializer):
    check = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()
    remediation = serializers.CharField()
    prohibited = serializers.BooleanField()


class DecisionCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    reason = serializers.CharField()
    remediation = serializers.CharField()
    family = serializers.CharField()
    remediable = serializers.BooleanField()


class CampaignReviewSerializer(serializers.ModelSerializer):
    """One decision, with each code's reason and remediation as the customer was told."""

    codes = DecisionCodeSerializer(many=True)
    decided_by = serializers.CharField(source="decided_by.username")

    class Meta:
        model = CampaignReview
        fields = ["id", "decision", "reason", "codes", "escalated", "closed", "decided_by", "decided_at"]


class ThroughputSerializer(serializers.Serializer):
    carrier_class = serializers.CharField()
    sms_per_minute = serializers.IntegerField()
    mms_per_minute = serializers.IntegerField()


class CarrierStatusSerializer(serializers.ModelSerializer):
    """N3: one carrier's decision on a campaign (``reason`` for a rejection or suspension)."""

    carrier = serializers.ChoiceField(choices=Carrier.choices)
    status = serializers.ChoiceField(choices=CarrierState.choices)

    class Meta:
        model = CarrierStatus
        fields = ["carrier", "status", "reason", "updated_at"]
        read_only_fields = fields


class CarrierStatusInputSerializer(serializers.Serializer):
    """Field shapes only; ``campaign_carrier_set`` checks the values and says what is wrong."""

    carrier = serializers.CharField(help_text=", ".join(Carrier.values))
    status = serializers.CharField(help_text=", ".join(CarrierState.values))
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Required to reject/suspend")


class CampaignSerializer(serializers.ModelSerializer):
    findings = CampaignFindingSerializer(many=True, read_only=True)
    use_case = serializers.ChoiceField(choices=UseCase.choices, read_only=True)
    sub_use_cases = serializers.ListField(
        child=serializers.ChoiceField(choices=[(v, v) for v in SUB_USE_CASES]), read_only=True
    )
    carriers = CarrierStatusSerializer(source="carrier_statuses", many=True, read_only=True)
    rejections = serializers.SerializerMethodField()
    throughput = ThroughputSerializer(source="tier", allow_null=True, read_only=True)
    vet = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "brand",
            *SUBMITTED_FIELDS,
            "status",
            "needs_resubmission",
            "rejection_count",
            "escalated",
            "vet",
            "throughput",
            "registered_at",
            "version",
            "created_at",
            "updated_at",
            "findings",
            "rejections",
            "carriers",
        ]
        read_only_fields = fields

    @staticmethod
    def _rejections(campaign: Campaign) -> list[CampaignReview]:
        # Prefetched as ``reviews`` by the views; filtering here keeps it to the one query.
        return [review for review in campaign.reviews.all() if review.decision == ReviewDecision.REJECT]

    @extend_schema_field(CampaignReviewSerializer(many=True))
    def get_rejections(self, campaign: Campaign) -> list[dict]:
        return CampaignReviewSerializer(self._rejections(campaign), many=True).data


class CampaignInputSerializer(serializers.Serializer):
    """Field shapes only; the campaign services validate and normalise values and report every field at once."""

    # A plain id, resolved by the view through the tenancy gate: another account's brand and a missing one
    # both answer 404 (a related field would say "does not exist" for one and not the other).
    brand = serializers.IntegerField(required=False, help_text="Brand id (required to create)")
    use_case = serializers.CharField(required=False, allow_blank=True, help_text=", ".join(UseCase.values))
    sub_use_cases = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="MIXED and LOW_VOLUME: 2–5 of " + ", ".join(SUB_USE_CASES),
    )
    description = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    message_flow = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    sample_messages = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), required=False, help_text="1–5 texts"
    )
    optin_message = serializers.CharField(required=False, allow_blank=True)
    optin_keywords = serializers.CharField(required=False, allow_blank=True, help_text="Comma-separated")
    help_message = serializers.CharField(required=False, allow_blank=True)
    help_keywords = serializers.CharField(required=False, allow_blank=True, help_text="Comma-separated")
    optout_message = serializers.CharField(required=False, allow_blank=True)
    optout_keywords = serializers.CharField(required=False, allow_blank=True, help_text="Comma-separated")
    privacy_policy_url = serializers.CharField(required=False, allow_blank=True)
    terms_url = serializers.CharField(required=False, allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True)
    embedded_link = serializers.BooleanField(required=False)
    embedded_phone = serializers.BooleanField(required=False)
    number_pool = serializers.BooleanField(required=False)
    age_gated = serializers.BooleanField(required=False)
    direct_lending = serializers.BooleanField(required=False)
    affiliate_marketing = serializers.BooleanField(required=False)
    subscriber_optin = serializers.BooleanField(required=False)
    subscriber_optout = serializers.BooleanField(required=False)
    subscriber_help = serializers.BooleanField(required=False)
    version = serializers.IntegerField(
        required=False, help_text="The version you loaded; a stale one is refused (409)."
    )


class PrescreenOutputSerializer(serializers.Serializer):
    findings = CampaignFindingSerializer(many=True)


class CampaignReviewInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    codes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    checklist = serializers.DictField(child=serializers.BooleanField(), required=False, default=dict)
    version = serializers.IntegerField(required=False)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class CampaignVersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ResubmitInputSerializer(serializers.Serializer):
    # Ids within the database's 64-bit range: a larger number is a 400, not an overflow in ``pk__in``.
    campaigns = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), min_length=1, max_length=500
    )


class SubAccountSuspensionSerializer(serializers.Serializer):
    """C8's answer (schema only): the sub-account and the campaigns suspended or reinstated with it."""

    sub_account = serializers.IntegerField()
    suspended = serializers.BooleanField()
    suspended_reason = serializers.CharField()
    campaigns = serializers.ListField(child=serializers.IntegerField())


class AccountSuspensionSerializer(serializers.Serializer):
    """M4.2's answer (schema only): the account and the campaigns suspended or reinstated with it."""

    account = serializers.IntegerField()
    suspended = serializers.BooleanField()
    suspended_reason = serializers.CharField()
    campaigns = serializers.ListField(child=serializers.IntegerField())
