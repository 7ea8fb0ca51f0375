"""The registration API, thin: check the request and the uploads, call ``submission``, answer.

Refusals answer for themselves (``backend.errors``): ``invalid_input`` with a
reason per field, ``already_registered``, ``no_such_registration`` and
``resubmission_not_allowed``.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from smartbank_desktop.backend.customers.models import Customer, DocumentKind
from smartbank_desktop.backend.errors import ServiceView, error_responses
from smartbank_desktop.backend.uploads import UploadRejected, check_upload
from smartbank_desktop.core.refusals import Code, refuse

from . import submission
from .serializers import (
    DocumentsRequestSerializer,
    RegistrationCreatedSerializer,
    RegistrationRequestSerializer,
    RegistrationStatusSerializer,
)

IMAGE_TYPES = ("image/jpeg", "image/png")
DOCUMENT_TYPES = IMAGE_TYPES + ("application/pdf",)

DOCUMENT_FIELDS = (
    ("aadhaar_card", DocumentKind.AADHAAR_CARD, DOCUMENT_TYPES, "Aadhaar card"),
    ("selfie", DocumentKind.SELFIE, IMAGE_TYPES, "selfie"),
)


def check_documents(data) -> dict:
    """The two uploads, checked by content; a 400 with a reason per field when one is refused."""
    documents, file_errors = {}, {}
    for field, kind, allowed, label in DOCUMENT_FIELDS:
        try:
            documents[kind] = check_upload(data.get(field), allowed=allowed, label=label)
        except UploadRejected as exc:
            file_errors[field] = [str(exc)]
    if file_errors:
        raise ValidationError(file_errors)
    return documents


def no_such_registration():
    return refuse(Code.NO_SUCH_REGISTRATION, "No such registration.")


class RegistrationListView(ServiceView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "registration"

    @extend_schema(request=RegistrationRequestSerializer, responses={
        201: RegistrationCreatedSerializer, **error_responses(Code.INVALID_INPUT, Code.ALREADY_REGISTERED, Code.THROTTLED)})
    def post(self, request):
        data = self.validated(RegistrationRequestSerializer)
        documents = check_documents(data)
        customer = submission.register(data, documents, request=request)
        body = RegistrationCreatedSerializer({"registration_id": customer.id, "status": customer.kyc_status}).data
        return Response(body, status=status.HTTP_201_CREATED)


class RegistrationDetailView(APIView):
    """Status of a registration, by its unguessable id; no personal data."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: RegistrationStatusSerializer, **error_responses(Code.NO_SUCH_REGISTRATION)})
    def get(self, request, registration_id):
        customer = Customer.objects.select_related("aadhaar").filter(pk=registration_id).first()
        if customer is None:
            raise no_such_registration()
        return Response(RegistrationStatusSerializer(customer).data)


class RegistrationDocumentsView(ServiceView):
    """New documents from a customer whose KYC was rejected or who was asked for them: a new attempt."""

    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "registration"

    @extend_schema(request=DocumentsRequestSerializer, responses={
        202: RegistrationStatusSerializer,
        **error_responses(Code.INVALID_INPUT, Code.NOT_SIGNED_IN, Code.NO_SUCH_REGISTRATION,
                          Code.RESUBMISSION_NOT_ALLOWED, Code.THROTTLED)})
    def post(self, request, registration_id):
        customer = getattr(request.user, "customer", None)
        if customer is None or customer.pk != registration_id:
            raise no_such_registration()
        documents = check_documents(self.validated(DocumentsRequestSerializer))
        submission.resubmit(customer, documents, request=request)
        customer.refresh_from_db()
        return Response(RegistrationStatusSerializer(customer).data, status=status.HTTP_202_ACCEPTED)
