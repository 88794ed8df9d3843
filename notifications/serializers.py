"""API shapes of the notifications app."""

from rest_framework import serializers

from .models import Notification, WebhookDelivery, WebhookEndpoint


class NotificationSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="event.type")
    title = serializers.CharField(source="event.title")
    body = serializers.CharField(source="event.body")
    status = serializers.CharField(source="event.status")
    reasons = serializers.JSONField(source="event.reasons")
    occurred_at = serializers.DateTimeField(source="event.occurred_at")
    subject = serializers.SerializerMethodField()
    read = serializers.BooleanField(source="is_read")

    class Meta:
        model = Notification
        fields = ["id", "type", "title", "body", "subject", "status", "reasons", "occurred_at", "read", "read_at"]

    def get_subject(self, obj) -> dict:
        event = obj.event
        return {
            "type": event.subject_type,
            "id": event.subject_id,
            "reference": event.subject_reference,
            "url": event.subject_url,
        }


class EndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(source="event_types", child=serializers.CharField())

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "events",
            "active",
            "disabled_at",
            "disabled_reason",
            "previous_secret_expires_at",
            "created_at",
        ]


class EndpointWithSecretSerializer(EndpointSerializer):
    """The answer to a creation or a rotation: the only time the secret is shown."""

    secret = serializers.SerializerMethodField()

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]

    def get_secret(self, obj) -> str:
        return self.context["secret"]


class EndpointInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000)
    events = serializers.ListField(child=serializers.CharField(max_length=60), required=False, default=list)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class EndpointPatchSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, required=False)
    events = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.webhook_id")
    type = serializers.CharField(source="event.type")

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event",
            "type",
            "status",
            "attempts",
            "response_code",
            "last_error",
            "duration_ms",
            "created_at",
            "next_attempt_at",
            "delivered_at",
            "replay_of",
        ]
