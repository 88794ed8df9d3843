"""Admin helpers shared by the apps."""

from django.contrib import admin, messages
from django.db import models

from .errors import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin may show but never add, change or delete: they change only through services."""

    # Django 6's default; saying it now keeps the admin's URL fields free of the deprecation warning.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def run_service(self, request, queryset, service, verb: str, *, subject: str) -> None:
        """An admin action that calls ``service(actor=…, <subject>=obj, reason=…)`` on each selected row;
        refusals are reported per row and the rest still go through."""
        done = 0
        for obj in queryset:
            try:
                service(actor=request.user, **{subject: obj}, reason=f"{verb} from the admin by {request.user}")
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{obj}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{verb}: {done} {queryset.model._meta.verbose_name}(s).")
