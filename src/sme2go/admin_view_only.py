"""Django admin pages that show records and change nothing: for records whose changes must go through
the product's pages and API, which keep their rules (a won lead has a sale date, a meeting lies within
its mission, ...) and write the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin


class ViewOnly:
    """Mixed into a ModelAdmin or an inline: no add, change or delete."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ViewOnlyAdmin(ViewOnly, admin.ModelAdmin):  # type: ignore[misc]
    pass


class ViewOnlyTabularInline(ViewOnly, admin.TabularInline):  # type: ignore[misc]
    pass
