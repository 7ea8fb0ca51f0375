"""Staff pages for accounts, payees and transfers; money moves only through services."""

from django.contrib import admin, messages

from smartbank_desktop.backend.audit.staff_admin import AuditedModelAdmin, ReadOnlyAdminMixin
from smartbank_desktop.core.refusals import Refusal

from . import services
from .models import Account, AccountStatus, LedgerEntry, Payee, Transfer


def _set_status(modeladmin, request, queryset, status):
    for account in queryset:
        try:
            services.set_account_status(account, status, request=request, actor=request.user)
        except Refusal as refusal:
            modeladmin.message_user(request, f"{account}: {refusal}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{account} is now {status}.")


@admin.register(Account)
class AccountAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ("masked_number", "holder", "type", "status", "balance_paise", "opened_at")
    list_filter = ("type", "status")
    search_fields = ("number", "customer__full_name")
    actions = ["freeze", "unfreeze", "close"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("banking.view_account")

    def has_freeze_permission(self, request):
        return request.user.has_perm("banking.change_account")

    @admin.display(description="Holder")
    def holder(self, obj):
        return obj.holder_name

    @admin.action(description="Freeze the selected accounts", permissions=["freeze"])
    def freeze(self, request, queryset):
        _set_status(self, request, queryset, AccountStatus.FROZEN)

    @admin.action(description="Unfreeze the selected accounts", permissions=["freeze"])
    def unfreeze(self, request, queryset):
        _set_status(self, request, queryset, AccountStatus.ACTIVE)

    @admin.action(description="Close the selected accounts (zero balance only)", permissions=["freeze"])
    def close(self, request, queryset):
        _set_status(self, request, queryset, AccountStatus.CLOSED)


class LedgerEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LedgerEntry
    fields = ("account", "amount_paise", "balance_after_paise", "created_at")
    readonly_fields = fields
    extra = 0


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ("reference", "kind", "from_account", "to_account", "amount_paise", "created_at")
    list_filter = ("kind",)
    search_fields = ("reference", "from_account__number", "to_account__number")
    inlines = [LedgerEntryInline]


@admin.register(Payee)
class PayeeAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ("name", "nickname", "customer", "account", "added_at")
    search_fields = ("name", "customer__full_name")
