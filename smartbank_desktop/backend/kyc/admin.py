"""Manual review in the Django admin: the queue, the case page and the staff actions.

The queue lists PENDING and MANUAL_REVIEW cases oldest first. The case page
shows the documents (decrypted on the fly, only for staff with
``kyc.view_kyc_documents``; the stored card is the masked copy; quarantined or
unscanned files are never shown), the OCR text, both faces side by side with
the score, each rule's result, the timeline and earlier attempts. Actions go
through :func:`.services.review`, which checks who may do what.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.audit.staff_admin import ReadOnlyAdminMixin
from smartbank_desktop.backend.customers.models import Document
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import KycRefused

from . import documents as kyc_documents
from . import review, roles
from .models import KycCase, KycEvent

QUEUE_STATUSES = (KycStatus.PENDING, KycStatus.MANUAL_REVIEW)


class QueueFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting (pending and manual review)"), ("escalated", "Escalated to a supervisor"),
                ("decided", "Decided"), ("all", "All")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {"selected": (self.value() or "waiting") == lookup,
                   "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                   "display": title}

    def queryset(self, request, queryset):
        value = self.value() or "waiting"
        if value == "waiting":
            return queryset.filter(status__in=QUEUE_STATUSES)
        if value == "escalated":
            return queryset.filter(status=KycStatus.MANUAL_REVIEW, escalated=True)
        if value == "decided":
            return queryset.exclude(status__in=(KycStatus.PENDING, KycStatus.PROCESSING))
        return queryset


def _viewable(document: Document) -> bool:
    """Only files ClamAV found clean are ever opened for staff."""
    scan = document.validation_result.get("virus_scan") or {}
    return not document.quarantined and scan.get("verdict") == "clean"


@admin.register(KycCase)
class KycCaseAdmin(admin.ModelAdmin):
    list_display = ("customer_name", "attempt", "status", "escalated", "decided_automatically", "created_at",
                    "waiting")
    list_filter = (QueueFilter, "status", "escalated")
    ordering = ("created_at", "id")
    search_fields = ("customer__full_name", "customer__mobile")
    list_select_related = ("customer",)
    change_form_template = "admin/kyc/kyccase/case.html"

    @admin.display(description="customer", ordering="customer__full_name")
    def customer_name(self, obj):
        return obj.customer.full_name

    @admin.display(description="waiting since")
    def waiting(self, obj):
        from django.utils.timesince import timesince

        return timesince(obj.created_at) if obj.status in QUEUE_STATUSES else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the actions below, never through a form

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        urls = super().get_urls()
        mine = [
            path("<int:case_id>/decide/", self.admin_site.admin_view(self.decide_view), name="kyc_kyccase_decide"),
            path("<int:case_id>/document/<int:document_id>/", self.admin_site.admin_view(self.document_view),
                 name="kyc_kyccase_document"),
        ]
        return mine + urls

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = get_object_or_404(KycCase.objects.select_related("customer__aadhaar", "reviewed_by"), pk=object_id)
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        show_documents = roles.can_view_documents(request.user)
        documents = []
        for document in Document.objects.filter(customer=case.customer, attempt=case.attempt):
            documents.append({
                "document": document,
                "viewable": show_documents and _viewable(document),
                "url": reverse("admin:kyc_kyccase_document", args=[case.pk, document.pk]),
                "masked": bool(document.validation_result.get("masked")),
                "scan": (document.validation_result.get("virus_scan") or {}).get("verdict", "not scanned"),
            })
        if show_documents:
            audit.record("kyc.view_case", request=request, target_type="customers.customer",
                         target_id=str(case.customer_id), case=case.pk)
        card = next((d for d in documents if d["document"].kind == "AADHAAR_CARD"), None)
        selfie = next((d for d in documents if d["document"].kind == "SELFIE"), None)
        actions = self._allowed_actions(request.user, case)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"KYC case: {case.customer.full_name}, attempt {case.attempt}",
            "case": case,
            "customer": case.customer,
            "masked_aadhaar": case.customer.aadhaar.masked,
            "documents": documents,
            "card": card,
            "selfie": selfie,
            "show_documents": show_documents,
            "rules": case.rule_results,
            "events": KycEvent.objects.filter(customer=case.customer).select_related("case"),
            "attempts": KycCase.objects.filter(customer=case.customer).exclude(pk=case.pk).order_by("-attempt"),
            "actions": actions,
            "decide_url": reverse("admin:kyc_kyccase_decide", args=[case.pk]),
            "has_view_permission": True,
            "original": case,
        }
        return TemplateResponse(request, self.change_form_template, context)

    @staticmethod
    def _allowed_actions(user, case) -> list[tuple[str, str]]:
        if roles.decision_refusal(case, user) is not None:
            return []
        return [("approve", "Approve"), ("reject", "Reject"), ("resubmit", "Request new documents")]

    def decide_view(self, request, case_id):
        case = get_object_or_404(KycCase, pk=case_id)
        back = reverse("admin:kyc_kyccase_change", args=[case.pk])
        if request.method != "POST":
            return HttpResponseRedirect(back)
        try:
            review.review(case, request.POST.get("action", ""), request.POST.get("note", ""), user=request.user,
                            request=request, message=request.POST.get("message", ""))
        except KycRefused as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(back)
        messages.success(request, "Decision saved.")
        return HttpResponseRedirect(reverse("admin:kyc_kyccase_changelist"))

    def document_view(self, request, case_id, document_id):
        document = get_object_or_404(Document, pk=document_id, customer__kyc_cases__pk=case_id)
        if not roles.can_view_documents(request.user):
            raise PermissionDenied
        if not _viewable(document):
            return HttpResponse("This file is not shown: it was not found clean by the virus scan.",
                                status=409, content_type="text/plain")
        content = kyc_documents.read(document)
        audit.record("kyc.view_document", request=request, target=document, kind=document.kind)
        response = HttpResponse(content, content_type=document.content_type)
        response["Cache-Control"] = "no-store, private"
        response["Content-Disposition"] = "inline"
        response["X-Content-Type-Options"] = "nosniff"
        return response


@admin.register(KycEvent)
class KycEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "customer", "step", "case")
    list_filter = ("step",)
    list_select_related = ("customer", "case")
    search_fields = ("customer__full_name",)



