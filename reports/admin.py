from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "format", "status", "progress", "requested_by", "created_at", "finished_at")
    list_filter = ("kind", "format", "status")
    list_select_related = ("requested_by",)
