"""Thin banking views: validate, call services, answer."""

from __future__ import annotations

import re

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from smartbank_desktop.backend.customers.current import current_customer
from smartbank_desktop.backend.errors import ServiceView, error_responses
from smartbank_desktop.backend.validation import validated
from smartbank_desktop.core.refusals import Code, refuse

from . import history, services
from .serializers import (
    AccountSerializer,
    HistoryEntrySerializer,
    HistoryQuerySerializer,
    OpenAccountSerializer,
    PayeeSerializer,
    TransferRequestSerializer,
    TransferResultSerializer,
)

STEP_UP_HEADER = OpenApiParameter(
    "X-Step-Up-Token", str, OpenApiParameter.HEADER, required=False,
    description="A step-up token (POST /api/auth/step-up/) for this amount and destination.",
)
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,100}")  # visible ASCII: a UUID, say
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", {"type": "string", "pattern": f"^{IDEMPOTENCY_KEY.pattern}$"}, OpenApiParameter.HEADER,
    required=True,
    description="A unique key per transfer (1 to 100 visible ASCII characters, such as a UUID); "
                "a retry with the same key and body replays the first answer.",
)
SIGNED_IN = (Code.NOT_SIGNED_IN, Code.NOT_A_CUSTOMER)


class AccountListView(ServiceView):
    @extend_schema(responses={200: AccountSerializer(many=True), **error_responses(*SIGNED_IN)})
    def get(self, request):
        return Response(AccountSerializer(current_customer(request).accounts.all(), many=True).data)

    @extend_schema(
        request=OpenAccountSerializer,
        responses={201: AccountSerializer, **error_responses(
            *SIGNED_IN, Code.INVALID_INPUT, Code.INVALID_ACCOUNT_TYPE, Code.FD_AMOUNT_TOO_SMALL,
            Code.FD_TERM_OUT_OF_RANGE, Code.FUNDING_ACCOUNT_REQUIRED, Code.KYC_NOT_VERIFIED, Code.INSUFFICIENT_FUNDS)},
    )
    def post(self, request):
        data = self.validated(OpenAccountSerializer)
        account = services.open_account(
            current_customer(request), data["type"], fd_amount_paise=data.get("amount_paise"),
            fd_term_months=data.get("term_months"), funding_account_number=data.get("funding_account"),
            request=request,
        )
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)


class PayeeListView(ServiceView):
    @extend_schema(responses={200: PayeeSerializer(many=True), **error_responses(*SIGNED_IN)})
    def get(self, request):
        payees = current_customer(request).payees.select_related("account")
        return Response(PayeeSerializer(payees, many=True).data)

    @extend_schema(request=PayeeSerializer, responses={201: PayeeSerializer, **error_responses(
        *SIGNED_IN, Code.INVALID_INPUT, Code.INVALID_ACCOUNT_NUMBER, Code.OWN_ACCOUNT_AS_PAYEE, Code.ALREADY_A_PAYEE)})
    def post(self, request):
        data = self.validated(PayeeSerializer)
        payee = services.add_payee(current_customer(request), name=data["name"], nickname=data.get("nickname", ""),
                                   account_number=data["account"]["number"], request=request)
        return Response(PayeeSerializer(payee).data, status=status.HTTP_201_CREATED)


class PayeeDetailView(ServiceView):
    @extend_schema(responses={204: None, **error_responses(*SIGNED_IN, Code.NO_SUCH_PAYEE)})
    def delete(self, request, payee_id: int):
        services.remove_payee(current_customer(request), payee_id, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TransferView(ServiceView):
    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER, STEP_UP_HEADER],
        request=TransferRequestSerializer,
        responses={201: TransferResultSerializer, **error_responses(
            *SIGNED_IN, Code.INVALID_INPUT, Code.IDEMPOTENCY_KEY_MISSING, Code.INVALID_AMOUNT,
            Code.INVALID_ACCOUNT_NUMBER, Code.SAME_ACCOUNT, Code.PAYEE_REQUIRED, Code.NO_SUCH_ACCOUNT,
            Code.STEP_UP_REQUIRED, Code.STEP_UP_MISMATCH, Code.INSUFFICIENT_FUNDS, Code.DAILY_LIMIT,
            Code.NEW_PAYEE_LIMIT, Code.ACCOUNT_FROZEN, Code.RECIPIENT_UNAVAILABLE, Code.FIXED_DEPOSIT_CANNOT_SEND,
            Code.FIXED_DEPOSIT_CANNOT_RECEIVE, Code.IDEMPOTENCY_KEY_REUSED)},
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not IDEMPOTENCY_KEY.fullmatch(key):
            raise refuse(Code.IDEMPOTENCY_KEY_MISSING,
                         "Send an Idempotency-Key header of 1 to 100 letters, digits or signs, such as a UUID.")
        data = self.validated(TransferRequestSerializer)
        current_customer(request)
        result = services.transfer(
            request.user, from_account=data["from_account"], to_account=data["to_account"],
            amount_paise=data["amount_paise"], note=data["note"], idempotency_key=key,
            step_up_token=request.headers.get("X-Step-Up-Token", "").strip(), request=request,
        )
        response = Response(result.receipt, status=status.HTTP_201_CREATED)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class HistoryView(ListAPIView):
    serializer_class = HistoryEntrySerializer

    @extend_schema(parameters=[HistoryQuerySerializer],
                   responses={200: HistoryEntrySerializer(many=True),
                              **error_responses(*SIGNED_IN, Code.INVALID_INPUT, Code.NO_SUCH_ACCOUNT, Code.NOT_FOUND)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated(HistoryQuerySerializer, self.request.query_params)
        return history.entries(current_customer(self.request), account=params.get("account"),
                               date_from=params.get("date_from"), date_to=params.get("date_to"))
