"""Thin banking views: validate, call services, answer."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from smartbank_desktop.backend.customers.models import Customer
from smartbank_desktop.backend.errors import ServiceView

from . import services
from .models import LedgerEntry
from .serializers import (
    AccountSerializer,
    HistoryEntrySerializer,
    HistoryQuerySerializer,
    OpenAccountSerializer,
    PayeeSerializer,
    StepUpRequiredSerializer,
    TransferRequestSerializer,
    TransferResultSerializer,
)

STEP_UP_HEADER = OpenApiParameter(
    "X-Step-Up-Token", str, OpenApiParameter.HEADER, required=False,
    description="A step-up token (POST /api/auth/step-up/) for this amount and destination.",
)
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=True,
    description="A unique key per transfer; a retry with the same key and body replays the first answer.",
)


def customer_of(request) -> Customer:
    customer = Customer.objects.filter(user=request.user).first()
    if customer is None:
        raise PermissionDenied("This sign-in is not a customer's.")
    return customer


class BankingView(ServiceView):
    refusal_types = (services.BankingRefusal,)


class AccountListView(BankingView):
    @extend_schema(responses={200: AccountSerializer(many=True)})
    def get(self, request):
        accounts = customer_of(request).accounts.all()
        return Response(AccountSerializer(accounts, many=True).data)

    @extend_schema(
        request=OpenAccountSerializer,
        responses={201: AccountSerializer, 400: OpenApiResponse(description="Invalid request"),
                   403: OpenApiResponse(description="KYC is not verified yet"),
                   422: OpenApiResponse(description="Not enough money to fund the deposit")},
    )
    def post(self, request):
        data = self.validated(OpenAccountSerializer)
        account = services.open_account(
            customer_of(request), data["type"], fd_amount_paise=data.get("amount_paise"),
            fd_term_months=data.get("term_months"), funding_account_number=data.get("funding_account"),
            request=request,
        )
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)


class PayeeListView(BankingView):
    @extend_schema(responses={200: PayeeSerializer(many=True)})
    def get(self, request):
        payees = customer_of(request).payees.select_related("account")
        return Response(PayeeSerializer(payees, many=True).data)

    @extend_schema(request=PayeeSerializer, responses={201: PayeeSerializer, 400: OpenApiResponse(description="Invalid"),
                                                       409: OpenApiResponse(description="Already a payee")})
    def post(self, request):
        data = self.validated(PayeeSerializer)
        payee = services.add_payee(customer_of(request), name=data["name"], nickname=data.get("nickname", ""),
                                   account_number=data["account"]["number"], request=request)
        return Response(PayeeSerializer(payee).data, status=status.HTTP_201_CREATED)


class PayeeDetailView(BankingView):
    @extend_schema(responses={204: None, 404: OpenApiResponse(description="No such payee")})
    def delete(self, request, payee_id: int):
        services.remove_payee(customer_of(request), payee_id, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TransferView(BankingView):
    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER, STEP_UP_HEADER],
        request=TransferRequestSerializer,
        responses={
            201: TransferResultSerializer,
            400: OpenApiResponse(description="Invalid request or missing Idempotency-Key"),
            403: OpenApiResponse(StepUpRequiredSerializer, description="Step-up needed before this transfer"),
            404: OpenApiResponse(description="Not the customer's account"),
            422: OpenApiResponse(description="Refused: not enough money, over a limit, key reused"),
        },
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 100:
            raise ValidationError({"Idempotency-Key": ["Send an Idempotency-Key header (at most 100 characters)."]})
        data = self.validated(TransferRequestSerializer)
        customer_of(request)
        outcome = services.transfer(
            request.user, from_account=data["from_account"], to_account=data["to_account"],
            amount_paise=data["amount_paise"], note=data["note"], idempotency_key=key,
            step_up_token=request.headers.get("X-Step-Up-Token", "").strip(), request=request,
        )
        response = Response(outcome.body, status=outcome.status)
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class HistoryView(ListAPIView):
    serializer_class = HistoryEntrySerializer

    @extend_schema(parameters=[HistoryQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = HistoryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        customer = customer_of(self.request)
        entries = LedgerEntry.objects.filter(account__customer=customer).select_related(
            "account", "transfer__from_account__customer", "transfer__to_account__customer"
        )
        if params.get("account"):
            if not customer.accounts.filter(number=params["account"]).exists():
                raise NotFound("You have no account with this number.")
            entries = entries.filter(account__number=params["account"])
        if params.get("date_from"):
            entries = entries.filter(created_at__gte=timezone.make_aware(datetime.combine(params["date_from"], time.min)))
        if params.get("date_to"):
            end = timezone.make_aware(datetime.combine(params["date_to"], time.min)) + timedelta(days=1)
            entries = entries.filter(created_at__lt=end)
        return entries.order_by("-created_at", "-id")
