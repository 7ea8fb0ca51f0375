"""One shape for every error answer: ``{"detail": "plain sentence", "errors": {field: [..]}}``."""

from __future__ import annotations

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This already exists."
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    """A well-formed request the bank refuses (not enough money, over a limit...)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "refused"


def _first_message(errors) -> str:
    if isinstance(errors, dict):
        for value in errors.values():
            return _first_message(value)
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    return str(errors)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _first_message(errors), "errors": errors}
    elif isinstance(exc, exceptions.Throttled):
        response.data = {"detail": "Too many attempts. Please wait a little and try again."}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {**response.data, "detail": str(response.data["detail"])}
    return response


def error_response(message: str, code: int, **extra) -> Response:
    return Response({"detail": message, **extra}, status=code)


class ServiceView(APIView):
    """Base of the thin views: validated request data in, and the services'
    refusals (``refusal_types``, each with ``status`` and ``extra``) answered
    with their status and plain sentence."""

    refusal_types: tuple[type[Exception], ...] = ()

    def validated(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def handle_exception(self, exc):
        if self.refusal_types and isinstance(exc, self.refusal_types):
            return error_response(str(exc), exc.status, **getattr(exc, "extra", {}))
        return super().handle_exception(exc)
