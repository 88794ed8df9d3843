from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Account, SubAccount, User


class SubAccountInline(admin.TabularInline):
    model = SubAccount
    extra = 0


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)
    inlines = [SubAccountInline]


@admin.register(SubAccount)
class SubAccountAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "created_at")
    list_select_related = ("account",)
    search_fields = ("name", "account__name")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Customer account", {"fields": ("account",)}))
    list_display = ("username", "email", "account", "is_staff", "is_active")
    list_select_related = ("account",)
    list_filter = (*BaseUserAdmin.list_filter, "account")
