"""Access and refresh tokens that end with their sign-in session (:class:`~.models.SignInSession`).

A JWT is valid until it expires; the session's id in it (``sid``) is what lets signing out end it at once.
Every request pays for that check, so it costs no query of its own: one query finds the user, only
while the session is open, with the customer beside it (what ``customers.current`` reads).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from .models import SignInSession

SESSION_CLAIM = "sid"


def session_is_open(token) -> bool:
    session_id = token.get(SESSION_CLAIM)
    return bool(session_id) and SignInSession.objects.filter(pk=session_id, ended_at__isnull=True).exists()


def signed_in_user(token):
    """The token's user, with its customer (or none), if its session is open and theirs; else None."""
    session_id, user_id = token.get(SESSION_CLAIM), token.get(api_settings.USER_ID_CLAIM)
    if not session_id or user_id is None:
        return None
    open_session = SignInSession.objects.filter(pk=session_id, user=OuterRef("pk"), ended_at__isnull=True)
    return (get_user_model().objects.select_related("customer")
            .filter(**{api_settings.USER_ID_FIELD: user_id}).filter(Exists(open_session)).first())


class SessionJWTAuthentication(JWTAuthentication):
    """A bearer access token, refused once its session has ended."""

    def get_user(self, validated_token):
        try:
            user = signed_in_user(validated_token)
        except (ValidationError, ValueError, TypeError) as exc:  # a session id that is no UUID
            raise InvalidToken("This sign-in has ended.") from exc
        if user is None:
            raise InvalidToken("This sign-in has ended.")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and (
                validated_token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password)):
            raise AuthenticationFailed("The user's password has been changed.", code="password_changed")
        return user


class SessionTokenRefreshSerializer(TokenRefreshSerializer):
    """A refresh token of an ended session gives no new tokens."""

    def validate(self, attrs):
        if not session_is_open(RefreshToken(attrs["refresh"])):
            raise InvalidToken("This sign-in has ended.")
        return super().validate(attrs)


class SessionJWTScheme(SimpleJWTScheme):
    """The same bearer scheme in the OpenAPI schema."""

    target_class = "smartbank_desktop.backend.authn.authentication.SessionJWTAuthentication"
