"""One shape for every error answer, and the one map from refusal codes to HTTP statuses.

Every error body is ``{"code": "<stable code>", "detail": "<plain sentence>", ...facts}``,
with ``"errors": {field: [sentences]}`` for ``invalid_input``. Services raise
:mod:`smartbank_desktop.core.refusals`; the handler here answers them with the
status of :data:`HTTP_STATUS`, and gives Django REST framework's own
exceptions (validation, authentication, throttling...) codes of the same
vocabulary. Views declare the codes they can answer with
:func:`error_responses`, which documents each status in the OpenAPI schema.

Errors Django answers before (or instead of) a view, such as a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE``, an unknown address, a Host not allowed, a CSRF
failure or an uncaught exception, come through the handlers at the end of this
module (``handler400``... in ``urls.py``, ``CSRF_FAILURE_VIEW``): the same JSON
body under ``/api/``, Django's own pages for the staff pages.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views import csrf, defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from smartbank_desktop.backend.validation import validated
from smartbank_desktop.core.refusals import Code, Refusal, refuse

HTTP_STATUS: dict[Code, int] = {
    **dict.fromkeys([
        Code.INVALID_INPUT, Code.MALFORMED_REQUEST, Code.INVALID_AMOUNT, Code.INVALID_ACCOUNT_TYPE,
        Code.INVALID_ACCOUNT_NUMBER, Code.FD_AMOUNT_TOO_SMALL, Code.FD_TERM_OUT_OF_RANGE, Code.FD_NEEDS_DETAILS,
        Code.SAME_ACCOUNT, Code.OWN_ACCOUNT_AS_PAYEE, Code.PAYEE_REQUIRED, Code.IDEMPOTENCY_KEY_MISSING,
        Code.UNUSABLE_PICTURE, Code.UNUSABLE_RECORDING, Code.BIOMETRIC_QUALITY, Code.SESSION_ENDED,
        Code.NOT_ENROLLED, Code.OTP_NOT_SET_UP, Code.OTP_SETUP_NOT_STARTED, Code.ACCOUNT_CLOSED,
        Code.ACCOUNT_NOT_EMPTY, Code.DEPOSIT_NOT_ALLOWED, Code.FUNDING_ACCOUNT_REQUIRED, Code.REVIEW_REFUSED,
    ], 400),
    **dict.fromkeys([Code.NOT_SIGNED_IN, Code.WRONG_CREDENTIALS, Code.WRONG_PASSCODE, Code.NOT_RECOGNISED,
                     Code.LIVENESS_FAILED, Code.CHALLENGE_EXPIRED], 401),
    **dict.fromkeys([Code.NOT_A_CUSTOMER, Code.PERMISSION_DENIED, Code.LOCKED_OUT, Code.OTP_REQUIRED,
                     Code.PIN_NOT_ENOUGH, Code.STEP_UP_REQUIRED, Code.STEP_UP_MISMATCH, Code.KYC_NOT_VERIFIED,
                     Code.REVIEW_FORBIDDEN], 403),
    **dict.fromkeys([Code.NOT_FOUND, Code.NO_SUCH_ACCOUNT, Code.NO_SUCH_PAYEE, Code.NO_SUCH_REGISTRATION], 404),
    Code.METHOD_NOT_ALLOWED: 405,
    **dict.fromkeys([Code.ALREADY_REGISTERED, Code.ALREADY_A_PAYEE, Code.OTP_ALREADY_SET_UP,
                     Code.RESUBMISSION_NOT_ALLOWED], 409),
    Code.REQUEST_TOO_LARGE: 413,
    Code.UNSUPPORTED_MEDIA_TYPE: 415,
    **dict.fromkeys([Code.INSUFFICIENT_FUNDS, Code.DAILY_LIMIT, Code.NEW_PAYEE_LIMIT, Code.ACCOUNT_FROZEN,
                     Code.RECIPIENT_UNAVAILABLE, Code.FIXED_DEPOSIT_CANNOT_SEND, Code.FIXED_DEPOSIT_CANNOT_RECEIVE,
                     Code.NO_MAIN_ACCOUNT, Code.IDEMPOTENCY_KEY_REUSED], 422),
    Code.THROTTLED: 429,
    Code.SERVER_ERROR: 500,
}
API_CODES = tuple(HTTP_STATUS)  # every code an API answer can carry (bank_unreachable is the client's own)


def _body(refusal: Refusal) -> dict:
    return {"code": refusal.code.value, "detail": refusal.detail, **refusal.facts}


def refusal_response(refusal: Refusal, headers: dict | None = None) -> Response:
    return Response(_body(refusal), status=HTTP_STATUS[refusal.code], headers=headers)


TOO_LARGE = "This request is too large."
UNREADABLE = "This request could not be read."
NOT_FOUND = "This could not be found."
SERVER_FAILED = "Something went wrong at the bank. Nothing was changed."


def _sentences(errors) -> list[str]:
    """Every sentence of a field's errors, however nested (a list's items, a nested object's fields)."""
    if isinstance(errors, dict):
        return [sentence for value in errors.values() for sentence in _sentences(value)]
    if isinstance(errors, list):
        return [sentence for value in errors for sentence in _sentences(value)]
    return [str(errors)]


def _by_field(errors: dict) -> dict[str, list[str]]:
    """``{field: [sentences]}``, as the error body promises; each sentence once."""
    return {str(field): list(dict.fromkeys(_sentences(value))) for field, value in errors.items()}


def _first_message(errors) -> str:
    if isinstance(errors, dict):
        for value in errors.values():
            return _first_message(value)
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    return str(errors)


def _as_refusal(exc: exceptions.APIException) -> Refusal:
    """Django REST framework's own exceptions, in the refusal vocabulary."""
    if isinstance(exc, exceptions.ValidationError):
        errors = _by_field(exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail})
        return refuse(Code.INVALID_INPUT, _first_message(errors), errors=errors)
    if isinstance(exc, exceptions.Throttled):
        return refuse(Code.THROTTLED, "Too many attempts. Please wait a little and try again.",
                      retry_after_seconds=int(exc.wait or 60))
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return refuse(Code.NOT_SIGNED_IN, "Please sign in again.")
    if isinstance(exc, exceptions.PermissionDenied):
        return refuse(Code.PERMISSION_DENIED, str(exc.detail))
    if isinstance(exc, exceptions.NotFound):
        return refuse(Code.NOT_FOUND, NOT_FOUND)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return refuse(Code.METHOD_NOT_ALLOWED, "This address does not take this kind of request.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return refuse(Code.UNSUPPORTED_MEDIA_TYPE, "This request must be sent as JSON or as a form.")
    if isinstance(exc, exceptions.ParseError):
        return refuse(Code.MALFORMED_REQUEST, UNREADABLE)
    if exc.status_code == 413:
        return refuse(Code.REQUEST_TOO_LARGE, TOO_LARGE)
    if exc.status_code >= 500:
        return refuse(Code.SERVER_ERROR, SERVER_FAILED)
    return refuse(Code.MALFORMED_REQUEST, str(exc.detail))


def exception_handler(exc, context):
    if isinstance(exc, Refusal):
        return refusal_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)  # sets WWW-Authenticate, Retry-After, Allow
    if response is None:
        return None
    refused = refusal_response(_as_refusal(exc))
    response.data, response.status_code = refused.data, refused.status_code
    return response


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API."""

    code = serializers.ChoiceField(choices=[code.value for code in API_CODES], help_text="stable, machine-readable")
    detail = serializers.CharField(help_text="a plain sentence, safe to show or say")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="invalid_input: the reason for each field")


class RefusalsResponse(OpenApiResponse):
    """The schema's error answer for one HTTP status; ``codes`` are the refusals it can carry."""

    def __init__(self, codes: list[Code]):
        super().__init__(ErrorSerializer, description="code: " + ", ".join(code.value for code in codes))
        self.codes = codes


def error_responses(*codes: Code) -> dict[int, RefusalsResponse]:
    """The schema's responses for these refusal codes, one per HTTP status, naming the codes.

    The refusals every operation of a kind can meet (not signed in, throttled, a body
    that cannot be read...) are added by :class:`~smartbank_desktop.backend.schema.BankAutoSchema`.
    """
    by_status: dict[int, list[Code]] = defaultdict(list)
    for code in dict.fromkeys(codes):
        by_status[HTTP_STATUS[code]].append(code)
    return {status: RefusalsResponse(names) for status, names in sorted(by_status.items())}


class ServiceView(APIView):
    """Base of the thin views: validated request data in; services' refusals answer for themselves."""

    def validated(self, serializer_class) -> dict:
        return validated(serializer_class, self.request.data)


# ---------------------------------------------------------------- errors Django answers itself

def _for_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _json(refusal: Refusal) -> JsonResponse:
    return JsonResponse(_body(refusal), status=HTTP_STATUS[refusal.code])


def bad_request(request, exception):
    """handler400: a body over the size limit (413), a Host not allowed, too many fields..."""
    if not _for_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _json(refuse(Code.REQUEST_TOO_LARGE, TOO_LARGE))
    return _json(refuse(Code.MALFORMED_REQUEST, UNREADABLE))


def permission_denied(request, exception):
    if not _for_api(request):
        return defaults.permission_denied(request, exception)
    return _json(refuse(Code.PERMISSION_DENIED, "This is not allowed."))


def page_not_found(request, exception=None):
    if not _for_api(request):
        return defaults.page_not_found(request, exception)
    return _json(refuse(Code.NOT_FOUND, NOT_FOUND))


def server_error(request):
    if not _for_api(request):
        return defaults.server_error(request)
    return _json(refuse(Code.SERVER_ERROR, SERVER_FAILED))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW (the API's views take tokens, not cookies, so only a cookie-based request meets it)."""
    if not _for_api(request):
        return csrf.csrf_failure(request, reason)
    return _json(refuse(Code.PERMISSION_DENIED, "This request came without its security token."))
