from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ThroughputTier, Vet


@admin.register(Vet)
class VetAdmin(ReadOnlyAdmin):
    """Read-only: results are recorded through the vetting services (queue pages and API)."""

    list_display = ("brand", "vet_class", "vendor", "status", "vendor_status", "score", "imported", "created_at")
    list_filter = ("vet_class", "vendor", "status", "imported")
    search_fields = ("brand__legal_name", "brand__tax_id", "token")
    list_select_related = ("brand",)


@admin.register(ThroughputTier)
class ThroughputTierAdmin(admin.ModelAdmin):
    """V3: managers edit the score → class table here."""

    list_display = ("use_case_group", "min_score", "max_score", "carrier_class", "sms_per_minute", "mms_per_minute")
    list_filter = ("use_case_group",)
