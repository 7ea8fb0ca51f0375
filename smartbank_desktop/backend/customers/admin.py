"""Staff pages for customers; the Aadhaar number only ever appears masked."""

from django.contrib import admin

from smartbank_desktop.backend.audit.staff_admin import AuditedModelAdmin

from .models import Customer, Document


class DocumentInline(admin.TabularInline):
    model = Document
    fields = ("kind", "attempt", "content_type", "size", "quarantined", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Customer)
class CustomerAdmin(AuditedModelAdmin):
    list_display = ("full_name", "masked_aadhaar", "mobile", "kyc_status", "created_at")
    list_filter = ("kyc_status",)
    search_fields = ("full_name", "email", "mobile", "aadhaar__last4")
    fields = ("full_name", "email", "mobile", "date_of_birth", "address", "masked_aadhaar", "kyc_status",
              "kyc_attempts", "created_at", "updated_at")
    readonly_fields = ("masked_aadhaar", "kyc_status", "kyc_attempts", "created_at", "updated_at")
    inlines = [DocumentInline]

    @admin.display(description="Aadhaar")
    def masked_aadhaar(self, obj):
        return obj.aadhaar.masked

    def has_add_permission(self, request):
        return False  # customers register themselves, through the app

    def has_delete_permission(self, request, obj=None):
        return False
