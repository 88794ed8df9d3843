from django.contrib import admin

from core.admin import ReadOnlyAdmin

from . import services
from .models import Brand, BrandReview


@admin.register(Brand)
class BrandAdmin(ReadOnlyAdmin):
    """Read-mostly: state fields are read-only and change only through the services."""

    list_display = (
        "__str__",
        "legal_name",
        "entity_type",
        "tax_id",
        "identity_status",
        "status",
        "sub_account",
        "created_at",
    )
    list_filter = ("status", "identity_status", "entity_type")
    search_fields = ("legal_name", "display_name", "tax_id")
    list_select_related = ("sub_account__account",)
    show_full_result_count = False
    readonly_fields = (
        "identity_status",
        "status",
        "core_fields_changed",
        "details_updated_at",
        "findings",
        "frozen_at",
        "frozen_reason",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    )
    actions = ["suspend_selected", "reinstate_selected"]

    @admin.action(description="Suspend selected approved brands")
    def suspend_selected(self, request, queryset):
        self.run_service(request, queryset, services.brand_suspend, "Suspended", subject="brand")

    @admin.action(description="Reinstate selected suspended brands")
    def reinstate_selected(self, request, queryset):
        self.run_service(request, queryset, services.brand_reinstate, "Reinstated", subject="brand")


@admin.register(BrandReview)
class BrandReviewAdmin(ReadOnlyAdmin):
    list_display = ("brand", "decision", "decided_by", "decided_at")
    list_select_related = ("brand", "decided_by")
