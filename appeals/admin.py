from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Appeal, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("name", "size", "content_type", "sha256", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    """Read-only: appeals are filed and decided through the appeal pages and the API (appeals.services)."""

    list_display = ("id", "appeal_type", "brand", "status", "submitted_at", "decided_at", "decision")
    list_filter = ("appeal_type", "status", "decision")
    search_fields = ("brand__legal_name", "brand__tax_id")
    list_select_related = ("brand",)
    inlines = [EvidenceInline]
