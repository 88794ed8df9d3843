"""Managers edit the policy rows (M2.3 thresholds and minimum volume; M4.2 ladder and severity floors) here."""

from django.contrib import admin

from .models import LadderRule, RateThreshold, SeverityFloor, VolumeFloor


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
