import textwrap

from django.contrib import admin

from .codes import sort_key_for
from .models import RejectionCode


@admin.register(RejectionCode)
class RejectionCodeAdmin(admin.ModelAdmin):
    """Managers edit the texts, family and remediability; the code itself is fixed once created."""

    list_display = ("code", "short_reason", "family", "remediable", "updated_at")
    list_filter = ("family", "remediable")
    search_fields = ("code", "reason", "remediation")
    fields = ("code", "reason", "remediation", "family", "remediable", "updated_at")
    ordering = ("sort_key",)

    @admin.display(description="Reason", ordering="reason")
    def short_reason(self, obj: RejectionCode) -> str:
        return textwrap.shorten(obj.reason, width=80, placeholder=" …")

    def get_readonly_fields(self, request, obj=None):
        return ("code", "updated_at") if obj is not None else ("updated_at",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.sort_key = sort_key_for(obj.code)
        super().save_model(request, obj, form, change)
