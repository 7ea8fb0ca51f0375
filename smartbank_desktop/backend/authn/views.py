"""Sign-in, token refresh and sign-out endpoints."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError

from smartbank_desktop.backend.errors import error_response

from . import services
from .models import SignInMethod


class SignInSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[SignInMethod.PIN], default=SignInMethod.PIN)
    username = serializers.CharField(max_length=254, help_text="mobile number or email")
    pin = serializers.CharField(max_length=6)


class VerifyOtpSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="mobile number or email")
    pin = serializers.CharField(max_length=6)
    code = serializers.CharField(max_length=12, help_text="the six digits from the authenticator app")


class OtpCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class OtpSetupSerializer(serializers.Serializer):
    provisioning_uri = serializers.CharField()
    qr_png_base64 = serializers.CharField()
    secret = serializers.CharField(help_text="for typing into the app when the QR code cannot be scanned")


class StepUpSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[SignInMethod.OTP])
    code = serializers.CharField(max_length=12)
    amount_paise = serializers.IntegerField(min_value=1, max_value=10**13)
    to_account = serializers.RegexField(r"^\d{15}$")


class StepUpTokenSerializer(serializers.Serializer):
    step_up_token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokensSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class SignInView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(request=SignInSerializer, responses={
        200: TokensSerializer, 400: OpenApiResponse(description="Invalid request"),
        401: OpenApiResponse(description="Wrong credentials"), 403: OpenApiResponse(description="Locked"),
    })
    def post(self, request):
        serializer = SignInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            tokens = services.sign_in_with_pin(data["username"], data["pin"], request=request)
        except services.SignInFailed as failure:
            return failure_response(failure)
        return Response(TokensSerializer(tokens).data)


def failure_response(failure: services.SignInFailed) -> Response:
    return error_response(str(failure), failure.status, **failure.extra)


class VerifyOtpView(APIView):
    """PIN plus a one-time passcode: the fallback when face and voice sign-in fail."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(request=VerifyOtpSerializer, responses={
        200: TokensSerializer, 400: OpenApiResponse(description="Invalid request"),
        401: OpenApiResponse(description="Wrong PIN or passcode"), 403: OpenApiResponse(description="Locked"),
    })
    def post(self, request):
        serializer = VerifyOtpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            tokens = services.sign_in_with_pin_and_otp(data["username"], data["pin"], data["code"], request=request)
        except services.SignInFailed as failure:
            return failure_response(failure)
        return Response(TokensSerializer(tokens).data)


class OtpSetupView(APIView):
    @extend_schema(request=None, responses={200: OtpSetupSerializer, 409: OpenApiResponse(description="Set up")})
    def post(self, request):
        try:
            return Response(services.start_otp_setup(request.user, request=request))
        except services.SignInFailed as failure:
            return failure_response(failure)


class OtpConfirmView(APIView):
    @extend_schema(request=OtpCodeSerializer, responses={204: None, 400: OpenApiResponse(description="No set-up"),
                                                         401: OpenApiResponse(description="Wrong passcode")})
    def post(self, request):
        serializer = OtpCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.confirm_otp_setup(request.user, serializer.validated_data["code"], request=request)
        except services.SignInFailed as failure:
            return failure_response(failure)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StepUpView(APIView):
    """A fresh second factor for one transfer: a single-use token bound to its amount and destination."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(request=StepUpSerializer, responses={
        200: StepUpTokenSerializer, 400: OpenApiResponse(description="Invalid request"),
        401: OpenApiResponse(description="Wrong passcode"), 403: OpenApiResponse(description="Locked"),
    })
    def post(self, request):
        serializer = StepUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            token = services.step_up_with_otp(request.user, data["code"], amount_paise=data["amount_paise"],
                                              to_account=data["to_account"], request=request)
        except services.SignInFailed as failure:
            return failure_response(failure)
        return Response(token)


class SignOutView(APIView):
    @extend_schema(request=RefreshSerializer, responses={204: None, 400: OpenApiResponse(description="Bad token")})
    def post(self, request):
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.sign_out(serializer.validated_data["refresh"], request=request)
        except TokenError:
            return error_response("This sign-in has already ended.", status.HTTP_400_BAD_REQUEST)
        return Response(status=status.HTTP_204_NO_CONTENT)
