"""Admin building blocks: every staff change is an audit event; some pages are read-only."""

from __future__ import annotations

from django.contrib import admin

from smartbank_desktop.backend.audit import services as audit


class AuditedModelAdmin(admin.ModelAdmin):
    def log_addition(self, request, obj, message):
        audit.record("staff.add", request=request, target=obj, change=str(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit.record("staff.change", request=request, target=obj, change=str(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.record("staff.delete", request=request, target=obj)
        return super().log_deletions(request, queryset)


class ReadOnlyAdminMixin:
    """Staff can look, never add, change or delete (records written by the services only)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
