"""Django admin for staff: memberships, API tokens (digests only) and the audit trail (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from sme2go.accounts.models import ApiToken, AuditEvent, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "partner", "company")
    list_filter = ("role", "partner")
    raw_id_fields = ("company",)
    list_select_related = ("user", "partner", "company")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_used_at")
    readonly_fields = ("digest", "created_at", "last_used_at")

    def has_add_permission(self, request: Any) -> bool:
        return False  # a token is issued once through `ApiToken.issue`, which shows the secret


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("summary", "object_id")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
