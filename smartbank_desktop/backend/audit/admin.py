"""Read-only audit log pages for staff."""

from django.contrib import admin

from smartbank_desktop.backend.audit.staff_admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "action", "outcome", "actor_label", "target_type", "target_id", "ip_address")
    list_filter = ("action", "outcome")
    search_fields = ("actor_label", "target_id", "action")
    date_hierarchy = "at"
