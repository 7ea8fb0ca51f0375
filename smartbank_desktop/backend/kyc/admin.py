"""Manual review in the Django admin: the queue, the case page, the staff actions and the documents.

The queue is split into filters that do not overlap (waiting for a reviewer,
waiting for a supervisor, checks running, verified, rejected), oldest first,
each row saying why the case waits. The case page (``case.html``) shows both
faces side by side with the distance and the threshold, the card and the
selfie as rendered images (PDF cards too), the registered details beside the
card's reading, each rule and each timeline event in words and figures, and
the decision form; rejecting and asking for new documents are confirmed with
the customer's message as they will read it, and a refused decision keeps
what was typed. Documents are shown only to staff with
``kyc.view_kyc_documents``, only once ClamAV found them clean, and only as
fresh images without the customer's photo metadata; the file itself is sent
as an attachment that a browser will not run. Decisions go through
:func:`.review.review`, which checks who may do what.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timesince import timesince

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.audit.staff_admin import ReadOnlyAdminMixin
from smartbank_desktop.backend.customers.models import Document
from smartbank_desktop.backend.staff_time import staff_time
from smartbank_desktop.core.kyc import OPEN_STATUSES, KycStatus
from smartbank_desktop.core.refusals import KycRefused

from . import documents, rendering, review, roles, staff_pages
from .models import KycCase, KycEvent

# Sent with every document answer: never cached, never sniffed into something runnable, never run.
DOCUMENT_HEADERS = {"Cache-Control": "no-store, private", "X-Content-Type-Options": "nosniff",
                    "Content-Security-Policy": "sandbox; default-src 'none'"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


class QueueFilter(admin.SimpleListFilter):
    """One filter whose choices never overlap; the default is the reviewers' work."""

    title = "queue"
    parameter_name = "queue"
    DEFAULT = "review"
    CHOICES = {
        "review": ("Waiting for a reviewer", Q(status=KycStatus.MANUAL_REVIEW, escalated=False)),
        "supervisor": ("Waiting for a supervisor", Q(status=KycStatus.MANUAL_REVIEW, escalated=True)),
        "checks": ("Automatic checks running", Q(status__in=OPEN_STATUSES)),
        "verified": ("Verified", Q(status=KycStatus.VERIFIED)),
        "rejected": ("Rejected", Q(status=KycStatus.REJECTED)),
    }

    def lookups(self, request, model_admin):
        counts = {key: KycCase.objects.filter(q).count() for key, (_, q) in self.CHOICES.items()}
        return [(key, f"{title} ({counts[key]})") for key, (title, _) in self.CHOICES.items()] + [("all", "All")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {"selected": (self.value() or self.DEFAULT) == lookup,
                   "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                   "display": title}

    def queryset(self, request, queryset):
        value = self.value() or self.DEFAULT
        return queryset.filter(self.CHOICES[value][1]) if value in self.CHOICES else queryset


def _viewable(document: Document) -> bool:
    """Only files ClamAV found clean are ever opened for staff."""
    scan = document.validation_result.get("virus_scan") or {}
    return not document.quarantined and scan.get("verdict") == "clean"


def _face_detail(case: KycCase) -> dict:
    return next((r.get("detail") or {} for r in case.rule_results if r.get("rule") == "face_match"), {})


@admin.register(KycCase)
class KycCaseAdmin(admin.ModelAdmin):
    list_display = ("customer_name", "attempt", "status_words", "why_waiting", "waiting_since", "decided",
                    "received")
    list_filter = (QueueFilter,)
    show_facets = admin.ShowFacets.NEVER  # the queue filter counts its cases itself
    ordering = ("created_at", "id")
    search_fields = ("customer__full_name", "customer__mobile")
    list_select_related = ("customer", "reviewed_by")
    change_form_template = "admin/kyc/kyccase/case.html"

    @admin.display(description="customer", ordering="customer__full_name")
    def customer_name(self, obj):
        return obj.customer.full_name

    @admin.display(description="status", ordering="status")
    def status_words(self, obj):
        return obj.get_status_display()

    @admin.display(description="why it waits")
    def why_waiting(self, obj):
        return staff_pages.waiting_reason(obj)

    @admin.display(description="waiting for")
    def waiting_since(self, obj):
        return timesince(obj.created_at) if obj.status in (*OPEN_STATUSES, KycStatus.MANUAL_REVIEW) else ""

    @admin.display(description="decided")
    def decided(self, obj):
        return staff_pages.decided_words(obj)

    @admin.display(description="received", ordering="created_at")
    def received(self, obj):
        return staff_time(obj.created_at, seconds=False)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decisions go through the actions below, never through a form

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        mine = [
            path("<int:case_id>/decide/", view(self.decide_view), name="kyc_kyccase_decide"),
            path("<int:case_id>/document/<int:document_id>/", view(self.file_view), name="kyc_kyccase_document"),
            path("<int:case_id>/document/<int:document_id>/page/<int:page>/", view(self.page_view),
                 name="kyc_kyccase_document_page"),
            path("<int:case_id>/document/<int:document_id>/face/", view(self.face_view),
                 name="kyc_kyccase_document_face"),
        ]
        return mine + super().get_urls()

    # ------------------------------------------------------------ the case page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = get_object_or_404(KycCase.objects.select_related("customer__aadhaar", "reviewed_by"), pk=object_id)
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        if roles.can_view_documents(request.user):
            audit.record("kyc.view_case", request=request, target_type="customers.customer",
                         target_id=str(case.customer_id), case=case.pk)
        return self._case_page(request, case)

    def _case_page(self, request, case, *, typed=None, error="", confirm=None, status=200):
        show_documents = roles.can_view_documents(request.user)
        face = _face_detail(case)
        items = {}
        for document in Document.objects.filter(customer=case.customer, attempt=case.attempt):
            kind = document.kind.lower()
            viewable = show_documents and _viewable(document)
            pages = document.validation_result.get("upload", {}).get("pages", 1) if viewable else 0
            box = face.get("card_box" if kind == "aadhaar_card" else "selfie_box")
            items[kind] = {
                "document": document, "viewable": viewable, "masked": bool(document.validation_result.get("masked")),
                "scan": (document.validation_result.get("virus_scan") or {}).get("verdict", "not scanned"),
                "file_url": reverse("admin:kyc_kyccase_document", args=[case.pk, document.pk]),
                "pages": [reverse("admin:kyc_kyccase_document_page", args=[case.pk, document.pk, n])
                          for n in range(min(pages, 4))],
                "face_url": (reverse("admin:kyc_kyccase_document_face", args=[case.pk, document.pk])
                             if viewable and box else ""),
            }
        refusal = roles.decision_refusal(case, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"KYC case: {case.customer.full_name}, attempt {case.attempt}",
            "case": case,
            "customer": case.customer,
            "masked_aadhaar": case.customer.aadhaar.masked,
            "card": items.get("aadhaar_card"),
            "selfie": items.get("selfie"),
            "show_documents": show_documents,
            "face_line": staff_pages.face_line(face if case.rule_results else None),
            "face": face,
            "details": staff_pages.detail_rows(case.customer, case.customer.aadhaar.masked, case.ocr_fields),
            "rules": staff_pages.rule_rows(case.rule_results),
            "waiting": staff_pages.waiting_reason(case),
            "decided": staff_pages.decided_words(case),
            "events": [(staff_time(e.at), e.case.attempt if e.case else "", staff_pages.event_row(e))
                       for e in KycEvent.objects.filter(customer=case.customer).select_related("case")],
            "attempts": [(other, staff_time(other.created_at, seconds=False)) for other in
                         KycCase.objects.filter(customer=case.customer).exclude(pk=case.pk).order_by("-attempt")],
            "actions": list(review.ACTIONS.items()) if refusal is None else [],
            "cannot_decide": refusal.detail if refusal is not None else "",
            "needs_confirmation": review.NEEDS_CONFIRMATION,
            "typed": typed or {"note": "", "message": ""},
            "error": error,
            "confirm": confirm,
            "decide_url": reverse("admin:kyc_kyccase_decide", args=[case.pk]),
            "has_view_permission": True,
            "original": case,
        }
        return TemplateResponse(request, self.change_form_template, context, status=status)

    def decide_view(self, request, case_id):
        case = get_object_or_404(KycCase.objects.select_related("customer__aadhaar", "reviewed_by"), pk=case_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:kyc_kyccase_change", args=[case.pk]))
        action = request.POST.get("action", "")
        typed = {"note": request.POST.get("note", ""), "message": request.POST.get("message", ""),
                 "action": action}
        if action == "edit":  # back from the confirmation, with everything still typed
            return self._case_page(request, case, typed=typed)
        if action in review.NEEDS_CONFIRMATION and not request.POST.get("confirmed"):
            refusal = roles.decision_refusal(case, request.user)
            if refusal is None and typed["note"].strip():
                confirm = {"action": action, "label": review.ACTIONS[action],
                           "sees": review.customer_sees(action, typed["message"])}
                return self._case_page(request, case, typed=typed, confirm=confirm)
        try:
            review.review(case, action, typed["note"], user=request.user, request=request,
                          message=typed["message"])
        except KycRefused as exc:
            case.refresh_from_db()
            return self._case_page(request, case, typed=typed, error=exc.detail, status=400)
        messages.success(request, f"Decision saved: {case.customer.full_name}, "
                                  f"{review.ACTIONS[action].lower()}.")
        return HttpResponseRedirect(reverse("admin:kyc_kyccase_changelist"))

    # ------------------------------------------------------------ documents

    def _document(self, request, case_id, document_id, shown: str) -> Document:
        document = get_object_or_404(Document, pk=document_id, customer__kyc_cases__pk=case_id)
        if not roles.can_view_documents(request.user):
            raise PermissionDenied
        if not _viewable(document):
            raise _NotClean()
        audit.record("kyc.view_document", request=request, target=document, kind=document.kind, shown=shown)
        return document

    def file_view(self, request, case_id, document_id):
        """The stored file itself, as a download a browser will neither show inline nor run."""
        try:
            document = self._document(request, case_id, document_id, "file")
        except _NotClean:
            return _not_clean()
        name = f"{document.get_kind_display().lower().replace(' ', '-')}-attempt-{document.attempt}"
        response = HttpResponse(documents.read(document), content_type=document.content_type,
                                headers=DOCUMENT_HEADERS)
        response["Content-Disposition"] = f'attachment; filename="{name}.{EXTENSIONS.get(document.content_type, "bin")}"'
        return response

    def page_view(self, request, case_id, document_id, page):
        """One page of the document as a fresh PNG (a PDF rendered as for the OCR; no photo metadata)."""
        try:
            document = self._document(request, case_id, document_id, f"page {page + 1}")
        except _NotClean:
            return _not_clean()
        pages = rendering.pages(documents.read(document))
        if page >= len(pages):
            raise Http404("No such page.")
        return HttpResponse(rendering.png(pages[page]), content_type="image/png", headers=DOCUMENT_HEADERS)

    def face_view(self, request, case_id, document_id):
        """The face the pipeline compared on this document, cropped, as a PNG."""
        case = get_object_or_404(KycCase, pk=case_id)
        try:
            document = self._document(request, case_id, document_id, "face")
        except _NotClean:
            return _not_clean()
        face = _face_detail(case)
        card = document.kind.lower() == "aadhaar_card"
        box = face.get("card_box" if card else "selfie_box")
        if not box:
            raise Http404("No face was found on this picture.")
        pages = rendering.pages(documents.read(document))
        page = pages[min(int(face.get("page") or 0), len(pages) - 1)] if card else pages[0]
        return HttpResponse(rendering.png(rendering.face_crop(page, box)), content_type="image/png",
                            headers=DOCUMENT_HEADERS)


class _NotClean(Exception):
    """The virus scan never passed this file: it is not opened."""


def _not_clean() -> HttpResponse:
    return HttpResponse("This file is not shown: it was not found clean by the virus scan.", status=409,
                        content_type="text/plain")


@admin.register(KycEvent)
class KycEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The timeline, one event a row; the customer links to their KYC case, which every reviewer may open."""

    list_display = ("when", "customer_name", "step_words", "what_happened", "case_link")
    list_filter = ("step",)
    list_select_related = ("customer", "case")
    search_fields = ("customer__full_name",)
    fields = ("when", "customer_name", "case_link", "step_words", "what_happened")
    readonly_fields = fields
    ordering = ("-at", "-id")

    @admin.display(description="when", ordering="at")
    def when(self, obj):
        return staff_time(obj.at)

    @admin.display(description="customer", ordering="customer__full_name")
    def customer_name(self, obj):
        return obj.customer.full_name

    @admin.display(description="step", ordering="step")
    def step_words(self, obj):
        return staff_pages.event_row(obj).title

    @admin.display(description="what happened")
    def what_happened(self, obj):
        return staff_pages.event_row(obj).text

    @admin.display(description="KYC case")
    def case_link(self, obj):
        if obj.case_id is None:
            return ""
        return format_html('<a href="{}">Attempt {}: {}</a>', reverse("admin:kyc_kyccase_change", args=[obj.case_id]),
                           obj.case.attempt, obj.case.get_status_display())
