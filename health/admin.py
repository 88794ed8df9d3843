"""Managers edit the policy rows (M2.3 thresholds and minimum volume; M4.2 ladder and severity floors) here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    EnforcementAction,
    LadderRule,
    RateThreshold,
    SeverityFloor,
    TrafficHealthCase,
    Violation,
    VolumeFloor,
)


@admin.register(RateThreshold)
class RateThresholdAdmin(admin.ModelAdmin):
    list_display = ["metric", "verdict", "up_to_percent"]


@admin.register(VolumeFloor)
class VolumeFloorAdmin(admin.ModelAdmin):
    list_display = ["min_sent"]


@admin.register(LadderRule)
class LadderRuleAdmin(admin.ModelAdmin):
    list_display = ["step", "min_violations", "window_days"]


@admin.register(SeverityFloor)
class SeverityFloorAdmin(admin.ModelAdmin):
    list_display = ["severity", "min_step"]


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    """Read-only: violations are recorded through health.services (pages, API, the system)."""

    list_display = ("id", "sub_account", "kind", "severity", "created_by", "created_at", "action")
    list_filter = ("kind", "severity")
    list_select_related = ("sub_account__account", "created_by", "action")
    raw_id_fields = ("sub_account",)


@admin.register(EnforcementAction)
class EnforcementActionAdmin(ReadOnlyAdmin):
    """Read-only: steps are applied and reinstated through health.services."""

    list_display = ("id", "sub_account", "step", "applied_by", "applied_at", "reinstated_at")
    list_filter = ("step",)
    list_select_related = ("sub_account__account", "applied_by")


@admin.register(TrafficHealthCase)
class TrafficHealthCaseAdmin(ReadOnlyAdmin):
    """Read-only: cases move through their transitions (queue pages)."""

    list_display = ("id", "sub_account", "cause", "status", "urgent", "created_at")
    list_filter = ("cause", "status", "urgent")
    list_select_related = ("sub_account__account",)
