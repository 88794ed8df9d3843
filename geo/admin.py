from django.contrib import admin

from audit.services import audit_record
from core.admin import ReadOnlyAdmin

from .models import Country, GeoPermission, GeoRequest


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """M1.1, M1.2: managers edit the catalogue's risk levels and hard-disabled flags here (loaded from
    ``geo/data/countries.csv``); every change is audited. Countries are never added or deleted: the list is
    every code pycountry knows."""

    list_display = ("code", "name", "region", "subregion", "risk_level", "hard_disabled")
    list_editable = ("risk_level", "hard_disabled")
    list_filter = ("risk_level", "hard_disabled", "region", "subregion")
    search_fields = ("code", "name")
    ordering = ("name",)
    fields = ("code", "name", "region", "subregion", "risk_level", "hard_disabled")
    readonly_fields = ("code", "name", "region", "subregion")
    list_per_page = 250

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = {field: form.initial.get(field) for field in form.changed_data}
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_record(
                actor=request.user,
                subject=obj,
                action="catalogue_changed",
                data={"before": before, "after": {field: getattr(obj, field) for field in form.changed_data}},
                customer_visible=False,
            )


@admin.register(GeoPermission)
class GeoPermissionAdmin(ReadOnlyAdmin):
    """Read-only: settings change through the geo services (the geo permissions page and API)."""

    list_display = ("country", "account", "sub_account", "enabled", "mph_threshold", "breach_response", "block_hours")
    list_filter = ("enabled", "breach_response")
    search_fields = ("account__name", "sub_account__name", "country__code")
    list_select_related = ("account", "sub_account", "country")


@admin.register(GeoRequest)
class GeoRequestAdmin(ReadOnlyAdmin):
    """Read-only: requests are filed and decided through the geo services."""

    list_display = ("id", "country", "sub_account", "risk_level", "needs_manager", "status", "created_at", "decided_at")
    list_filter = ("status", "risk_level", "needs_manager")
    search_fields = ("sub_account__name", "country__code")
    list_select_related = ("country", "sub_account")
