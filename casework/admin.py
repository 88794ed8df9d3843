from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Comment, SlaPolicy, WorkItem


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    """Q2: managers set the SLA per kind; new items take it (open items keep the due time they got)."""

    list_display = ("kind", "hours", "default_priority")
    list_editable = ("hours", "default_priority")


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdmin):
    """Read-only: items follow their subjects; claims and assignments go through the queue pages."""

    list_display = ("subject_label", "kind", "account", "state", "priority", "assignee", "sla_due", "opened_at")
    list_filter = ("kind", "state", "priority", ("closed_at", admin.EmptyFieldListFilter))
    search_fields = ("search",)
    list_select_related = ("account", "assignee")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("subject_type", "subject_id", "author", "internal", "created_at")
    list_filter = ("internal", "subject_type")
    list_select_related = ("author",)
