"""Read-only audit log pages for staff."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "outcome", "actor_label", "target_type", "target_id", "ip_address")
    list_filter = ("action", "outcome")
    search_fields = ("actor_label", "target_id", "action")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
