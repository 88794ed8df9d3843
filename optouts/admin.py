"""Admin: managers edit the ISV's own shortener domains (M5.6) and staff confirm brand domains; opt-outs, DNC
lists, keywords and exemptions are read-only here (they change through the services, and opt-outs never go)."""

from django import forms
from django.contrib import admin
from django.db import transaction

from audit.services import audit_record
from core.admin import ReadOnlyAdmin
from core.errors import DomainError

from . import rules, services
from .models import BlockedKeyword, BrandDomain, DncImport, DncList, KeywordExemption, OptOut, ShortenerDomain


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ("number", "sub_account", "scope", "source", "at", "active", "opted_in_at")
    list_filter = ("active", "scope", "source")
    search_fields = ("number",)
    list_select_related = ("sub_account__account",)
    actions = None  # no bulk delete: opt-outs are never deleted (M5.2)


@admin.register(DncList)
class DncListAdmin(ReadOnlyAdmin):
    list_display = ("name", "numbers", "current_import", "updated_at")


@admin.register(DncImport)
class DncImportAdmin(ReadOnlyAdmin):
    list_display = ("dnc_list", "pk", "status", "progress", "numbers", "error_line", "created_at")
    list_filter = ("status",)


@admin.register(BlockedKeyword)
class BlockedKeywordAdmin(ReadOnlyAdmin):
    list_display = ("word", "announced_at", "effective_at", "retired_at")
    search_fields = ("word",)


@admin.register(KeywordExemption)
class KeywordExemptionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "word", "sub_account", "campaign", "status", "scope", "expires_at")
    list_filter = ("status",)


class _DomainForm(forms.ModelForm):
    def clean_domain(self):
        try:
            return services.clean_domain(self.cleaned_data["domain"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(ShortenerDomain)
class ShortenerDomainAdmin(admin.ModelAdmin):
    """The ISV's own shortener domains: refused in message text like public shorteners (6013)."""

    form = _DomainForm
    list_display = ("domain", "note", "created_at")
    search_fields = ("domain",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(rules.invalidate)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(rules.invalidate)


@admin.register(BrandDomain)
class BrandDomainAdmin(admin.ModelAdmin):
    """Domains staff confirmed a brand owns (M5.6)."""

    form = _DomainForm
    list_display = ("domain", "brand", "confirmed_by", "confirmed_at")
    search_fields = ("domain",)
    raw_id_fields = ("brand",)
    readonly_fields = ("confirmed_by", "confirmed_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, subject=obj, action="brand_domain_confirmed", reason=f"{obj.domain} confirmed."
        )
        transaction.on_commit(rules.invalidate)
