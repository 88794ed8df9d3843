from django.contrib import admin

from core.admin import ReadOnlyAdmin

from . import services
from .models import Campaign, CampaignReview


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    """Read-only: campaigns change only through the services (pages, API, these actions)."""

    list_display = ("reference", "brand", "use_case", "status", "rejection_count", "needs_resubmission", "created_at")
    list_filter = ("status", "use_case", "needs_resubmission", "escalated")
    search_fields = ("brand__legal_name", "brand__display_name", "description")
    list_select_related = ("brand__sub_account__account",)
    show_full_result_count = False
    actions = ["suspend_selected", "reinstate_selected"]

    @admin.action(description="Suspend selected approved campaigns")
    def suspend_selected(self, request, queryset):
        self.run_service(request, queryset, services.campaign_suspend, "Suspended", subject="campaign")

    @admin.action(description="Reinstate selected suspended campaigns")
    def reinstate_selected(self, request, queryset):
        self.run_service(request, queryset, services.campaign_reinstate, "Reinstated", subject="campaign")


@admin.register(CampaignReview)
class CampaignReviewAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "decision", "escalated", "closed", "decided_by", "decided_at")
    list_filter = ("decision", "closed", "escalated")
    list_select_related = ("campaign__brand", "decided_by")
