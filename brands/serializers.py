from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .checks import findings_for_customer
from .choices import IdentityFeedback, IdentityStatus, ManualCheck, ReviewDecision, StockExchange, Vertical
from .models import Brand, BrandReview
from .services import brand_findings_for
from .validation import FIELDS


class FindingSerializer(serializers.Serializer):
    check = serializers.CharField()
    code = serializers.CharField(allow_null=True)
    field = serializers.CharField()
    message = serializers.CharField()
    remediation = serializers.CharField()


class BrandReviewSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username")

    class Meta:
        model = BrandReview
        fields = ["id", "decision", "reason", "codes", "decided_by", "decided_at"]


class BrandSerializer(serializers.ModelSerializer):
    findings = serializers.SerializerMethodField()
    frozen = serializers.BooleanField(source="is_frozen", read_only=True)

    class Meta:
        model = Brand
        fields = [
            "id",
            "sub_account",
            *FIELDS,
            "identity_status",
            "status",
            "core_fields_changed",
            "frozen",
            "version",
            "created_at",
            "updated_at",
            "findings",
        ]
        read_only_fields = fields

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, brand: Brand) -> list:
        # Without a request to say who reads, the customer's view: findings about other accounts stay hidden.
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return FindingSerializer(findings_for_customer(brand.findings), many=True).data
        return FindingSerializer(brand_findings_for(user=user, findings=brand.findings), many=True).data


class BrandInputSerializer(serializers.Serializer):
    """Field shapes only; values are validated and normalised by the brand services."""

    # A plain id, resolved through the tenancy gate: a missing and a foreign sub-account both answer 404.
    sub_account = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    legal_name = serializers.CharField(required=False, allow_blank=True)
    display_name = serializers.CharField(required=False, allow_blank=True)
    entity_type = serializers.CharField(required=False, allow_blank=True)
    tax_id = serializers.CharField(required=False, allow_blank=True)
    tax_id_country = serializers.CharField(required=False, allow_blank=True)
    vertical = serializers.CharField(required=False, allow_blank=True, help_text=", ".join(Vertical.values))
    website = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    email_2fa_confirmed = serializers.BooleanField(required=False)
    phone = serializers.CharField(required=False, allow_blank=True)
    street = serializers.CharField(required=False, allow_blank=True)
    city = serializers.CharField(required=False, allow_blank=True)
    state = serializers.CharField(required=False, allow_blank=True)
    postal_code = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True)
    stock_symbol = serializers.CharField(required=False, allow_blank=True)
    stock_exchange = serializers.CharField(required=False, allow_blank=True, help_text=", ".join(StockExchange.values))
    tax_exempt_status = serializers.CharField(required=False, allow_blank=True)
    government_entity = serializers.BooleanField(required=False)
    version = serializers.IntegerField(
        required=False, help_text="The version you loaded; a stale one is refused (409)."
    )


class ReviewInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    codes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    checklist = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        default=dict,
        help_text="Manual checklist ticks: " + ", ".join(ManualCheck.values),
    )
    version = serializers.IntegerField(required=False)


class IdentityInputSerializer(serializers.Serializer):
    # A plain string: the service says why a value is refused (SELF_DECLARED and VETTED_VERIFIED are never set here).
    identity_status = serializers.CharField(help_text=f"{IdentityStatus.VERIFIED} or {IdentityStatus.UNVERIFIED}")
    reason = serializers.CharField(allow_blank=True)
    feedback = serializers.ListField(
        child=serializers.ChoiceField(choices=IdentityFeedback.choices), required=False, default=list
    )


class VersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
