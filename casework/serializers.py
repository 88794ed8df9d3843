from rest_framework import serializers

from audit.models import AuditEvent

from .models import Comment, WorkItem


class WorkItemSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField()
    account = serializers.IntegerField(source="account_id")
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    overdue = serializers.BooleanField(source="is_overdue")
    paused = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="opened_at")

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "kind",
            "subject",
            "subject_label",
            "account",
            "state",
            "assignee",
            "priority",
            "sla_due",
            "overdue",
            "paused",
            "created_at",
            "claimed_at",
            "version",
        ]
        read_only_fields = fields

    def get_subject(self, item: WorkItem) -> str:
        return f"{item.kind}:{item.subject_id}"

    def get_paused(self, item: WorkItem) -> bool:
        return item.paused_at is not None


class AssignInputSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(allow_null=True, help_text="A staff user's id; null returns it to the queue.")


class NextInputSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, allow_blank=True)


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label")
    subject = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "actor",
            "at",
            "subject",
            "subject_label",
            "action",
            "from_state",
            "to_state",
            "reason",
            "codes",
        ]
        read_only_fields = fields

    def get_subject(self, event: AuditEvent) -> str:
        return f"{event.subject_type}:{event.subject_id}"


class StaffAuditEventSerializer(AuditEventSerializer):
    """Staff also see the request id and the event's data (checklists, changed fields)."""

    class Meta(AuditEventSerializer.Meta):
        fields = [*AuditEventSerializer.Meta.fields, "request_id", "data", "customer_visible"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username")
    subject = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "subject", "author", "internal", "body", "created_at"]
        read_only_fields = fields

    def get_subject(self, comment: Comment) -> str:
        return f"{comment.subject_type}:{comment.subject_id}"


class CommentInputSerializer(serializers.Serializer):
    subject = serializers.CharField(help_text="<type>:<id>, e.g. campaign:12")
    body = serializers.CharField(allow_blank=True)
    internal = serializers.BooleanField(required=False, default=False)
