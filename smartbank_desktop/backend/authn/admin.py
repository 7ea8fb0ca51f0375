"""Staff pages for sign-in locks: at the branch, with the customer there, staff can clear them."""

from django.contrib import admin

from smartbank_desktop.backend.audit.staff_admin import AuditedModelAdmin, ReadOnlyAdminMixin

from . import services
from .models import SignInGuard


@admin.register(SignInGuard)
class SignInGuardAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ("customer", "method", "from_where", "failures", "locks_this_year", "locked_until")
    list_filter = ("method",)
    search_fields = ("user__customer__full_name", "user__customer__mobile")
    fields = list_display
    readonly_fields = fields
    actions = ["clear"]

    def get_queryset(self, request):  # the tries on numbers no customer has are no customer's business
        return super().get_queryset(request).filter(user__isnull=False).select_related("user__customer")

    def has_clear_permission(self, request):
        return request.user.has_perm("authn.delete_signinguard")

    @admin.display(description="Customer")
    def customer(self, obj):
        return getattr(obj.user, "customer", obj.user)

    @admin.display(description="From")
    def from_where(self, obj):
        return "one of the customer's computers" if obj.client else "any other computer"

    @admin.display(description="Locks in the last year")
    def locks_this_year(self, obj):
        return len(obj.locks)

    @admin.action(description="Clear the selected locks (the customer is here and has shown who they are)",
                  permissions=["clear"])
    def clear(self, request, queryset):
        cleared = services.clear_guards(list(queryset), request=request)
        self.message_user(request, f"Cleared {cleared} sign-in locks.")
