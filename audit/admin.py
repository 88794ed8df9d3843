from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail can be searched here but never edited or pruned."""

    list_display = ("at", "actor_label", "subject_type", "subject_label", "action", "from_state", "to_state")
    list_filter = ("subject_type", "action")
    search_fields = ("subject_id", "subject_label", "actor_label", "reason")
    date_hierarchy = "at"
    list_select_related = ()
    show_full_result_count = False
