"""Access and refresh tokens that end with their sign-in session (:class:`~.models.SignInSession`).

A JWT is valid until it expires; the session's id in it (``sid``) is what lets signing out end it at once.
"""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken

from .models import SignInSession

SESSION_CLAIM = "sid"


def session_is_open(token) -> bool:
    session_id = token.get(SESSION_CLAIM)
    return bool(session_id) and SignInSession.objects.filter(pk=session_id, ended_at__isnull=True).exists()


class SessionJWTAuthentication(JWTAuthentication):
    """A bearer access token, refused once its session has ended."""

    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        if not session_is_open(token):
            raise InvalidToken("This sign-in has ended.")
        return token


class SessionTokenRefreshSerializer(TokenRefreshSerializer):
    """A refresh token of an ended session gives no new tokens."""

    def validate(self, attrs):
        if not session_is_open(RefreshToken(attrs["refresh"])):
            raise InvalidToken("This sign-in has ended.")
        return super().validate(attrs)


class SessionJWTScheme(SimpleJWTScheme):
    """The same bearer scheme in the OpenAPI schema."""

    target_class = "smartbank_desktop.backend.authn.authentication.SessionJWTAuthentication"
