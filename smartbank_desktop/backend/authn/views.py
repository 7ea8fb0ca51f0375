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
    method = serializers.ChoiceField(choices=SignInMethod.choices, default=SignInMethod.PIN)
    username = serializers.CharField(max_length=254, help_text="mobile number or email")
    pin = serializers.CharField(max_length=6)


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
            return error_response(str(failure), failure.status, **failure.extra)
        return Response(TokensSerializer(tokens).data)


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
