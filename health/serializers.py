"""API shapes of traffic health and violations (API.md, second wave)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .choices import STEP_CUSTOMER_TEXT, Severity, Step, ViolationKind
from .models import DayVerdict, Violation


# Described in words, not as an enum component: the schema's enum naming would collide with the other apps' "kind".
@extend_schema_field(
    {
        "type": "string",
        "description": "One of: " + ", ".join(f"{value} ({label})" for value, label in ViolationKind.choices),
    }
)
class ViolationKindField(serializers.ChoiceField):
    """The kind of a violation, described inline in the schema: "kind" names other enums in other apps."""

    def __init__(self, **kwargs):
        super().__init__(choices=ViolationKind.choices, **kwargs)


class HealthDaySerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="day")

    class Meta:
        model = DayVerdict
        fields = ["date", "sent", "delivered", "errors", "opt_outs", "error_rate", "opt_out_rate", "verdict"]


class HealthQuerySerializer(serializers.Serializer):
    sub_account = serializers.IntegerField(min_value=1)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class ViolationSerializer(serializers.ModelSerializer):
    """``proposed_action``: the ladder's proposal for the sub-account (staff only; None for customers, who read the
    step taken in ``action_taken``)."""

    kind = ViolationKindField(read_only=True)
    proposed_action = serializers.SerializerMethodField()
    action_taken = serializers.SerializerMethodField()

    class Meta:
        model = Violation
        fields = [
            "id",
            "sub_account",
            "kind",
            "severity",
            "evidence",
            "evidence_data",
            "created_at",
            "proposed_action",
            "action_taken",
        ]

    def get_proposed_action(self, violation) -> dict | None:
        proposals = self.context.get("proposals")
        if proposals is None or violation.action_id is not None:
            return None
        proposal = proposals.get(violation.sub_account_id)
        if proposal is None:
            return None
        return {"step": proposal.step, "label": proposal.label, "because": proposal.because}

    def get_action_taken(self, violation) -> dict | None:
        action = violation.action
        if action is None:
            return None
        return {
            "id": action.pk,
            "step": action.step,
            "description": STEP_CUSTOMER_TEXT[Step(action.step)],
            "applied_at": action.applied_at,
            "reinstated_at": action.reinstated_at,
        }


class ViolationInputSerializer(serializers.Serializer):
    sub_account = serializers.IntegerField(min_value=1)
    kind = ViolationKindField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    evidence = serializers.CharField(max_length=10_000)
    evidence_data = serializers.JSONField(required=False)
