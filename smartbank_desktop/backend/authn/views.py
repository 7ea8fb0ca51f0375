"""Sign-in, token refresh and sign-out endpoints."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.views import TokenRefreshView

from smartbank_desktop.backend import uploads
from smartbank_desktop.backend.customers.current import current_customer
from smartbank_desktop.backend.customers.pins import pin_field
from smartbank_desktop.backend.errors import ServiceView, error_responses
from smartbank_desktop.backend.parsers import BoundedJSONParser
from smartbank_desktop.backend.validation import VariantSerializer
from smartbank_desktop.core.refusals import Code, refuse

from . import biometric, services
from .authentication import SESSION_CLAIM, SessionTokenRefreshSerializer
from .models import BiometricKind, SignInMethod

DEVICE_HELP = ("a random name this computer keeps for itself: once the customer has signed in from it, its wrong "
               "tries are counted apart from every other client's")

_NEEDED_TO_SIGN_IN = "This is needed for this way of signing in."
SPOKEN_LANGUAGE_HELP = "method voice: the language the digits are said in (the customer's language in the app)"


def spoken_language_field():
    return serializers.ChoiceField(choices=["en", "hi"], default="en", help_text=SPOKEN_LANGUAGE_HELP)


class SignInSerializer(VariantSerializer):
    method = serializers.ChoiceField(choices=[SignInMethod.PIN, SignInMethod.FACE, SignInMethod.VOICE],
                                     default=SignInMethod.PIN)
    username = serializers.CharField(max_length=254, help_text="mobile number or email")
    pin = pin_field(required=False, help_text="method pin")
    challenge_id = serializers.UUIDField(required=False, help_text="methods face and voice")
    frames = serializers.ListField(child=serializers.FileField(), required=False, min_length=1, max_length=90,
                                   help_text="method face: the burst of camera frames, JPEG or PNG")
    audio = serializers.FileField(required=False, help_text="method voice: the spoken digits, WAV or FLAC")
    language = spoken_language_field()
    device_id = serializers.CharField(min_length=16, max_length=100, required=False, help_text=DEVICE_HELP)

    variant_field = "method"
    needs = {SignInMethod.PIN: {"pin": _NEEDED_TO_SIGN_IN},
             SignInMethod.FACE: dict.fromkeys(("challenge_id", "frames"), _NEEDED_TO_SIGN_IN),
             SignInMethod.VOICE: dict.fromkeys(("challenge_id", "audio"), _NEEDED_TO_SIGN_IN)}


class ChallengeRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="mobile number or email")
    kind = serializers.ChoiceField(choices=BiometricKind.choices)


class ChallengeSerializer(serializers.Serializer):
    challenge_id = serializers.UUIDField()
    kind = serializers.CharField()
    prompt = serializers.CharField(help_text="voice: the digits to say; face: blink, turn_left or turn_right")
    expires_at = serializers.DateTimeField()


class EnrolSerializer(VariantSerializer):
    kind = serializers.ChoiceField(choices=BiometricKind.choices)
    frames = serializers.ListField(child=serializers.FileField(), required=False, min_length=3, max_length=20,
                                   help_text="face: 3 or more camera frames")
    recordings = serializers.ListField(child=serializers.FileField(), required=False, min_length=2, max_length=5,
                                       help_text="voice: three recordings of the customer speaking")

    variant_field = "kind"
    needs = {BiometricKind.FACE: {"frames": "Please send pictures of your face."},
             BiometricKind.VOICE: {"recordings": "Please send recordings of your voice."}}


class VerifyOtpSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="mobile number or email")
    pin = pin_field()
    code = serializers.CharField(max_length=12, help_text="the six digits from the authenticator app")
    device_id = serializers.CharField(min_length=16, max_length=100, required=False, help_text=DEVICE_HELP)


class OtpCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)


class OtpSetupSerializer(serializers.Serializer):
    provisioning_uri = serializers.CharField()
    qr_png_base64 = serializers.CharField()
    secret = serializers.CharField(help_text="for typing into the app when the QR code cannot be scanned")


class StepUpSerializer(VariantSerializer):
    method = serializers.ChoiceField(choices=[SignInMethod.OTP, SignInMethod.VOICE])
    code = serializers.CharField(max_length=12, required=False, help_text="method otp")
    challenge_id = serializers.UUIDField(required=False, help_text="method voice")
    audio = serializers.FileField(required=False, help_text="method voice: the spoken digits")
    language = spoken_language_field()
    amount_paise = serializers.IntegerField(min_value=1, max_value=10**13)
    to_account = serializers.RegexField(r"^\d{15}$")

    variant_field = "method"
    needs = {SignInMethod.OTP: {"code": "Please give the six digits from your phone."},
             SignInMethod.VOICE: dict.fromkeys(("challenge_id", "audio"),
                                               "Please ask for digits, then send the recording.")}


class StepUpTokenSerializer(serializers.Serializer):
    step_up_token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class PublicAuthView(ServiceView):
    """Before sign-in: no credentials needed, and rate-limited as sign-in attempts."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"


class TokensSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class SignedInSerializer(TokensSerializer):
    failed_tries = serializers.IntegerField(help_text="tries to sign in as this customer refused since their "
                                                      "previous sign-in: for the app to tell them")
    failed_tries_since = serializers.DateTimeField(allow_null=True, help_text="that previous sign-in (null: none)")


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class SignInView(PublicAuthView):
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    @extend_schema(request=SignInSerializer, responses={200: SignedInSerializer, **error_responses(
        Code.INVALID_INPUT, Code.UNUSABLE_PICTURE, Code.UNUSABLE_RECORDING, Code.WRONG_CREDENTIALS,
        Code.NOT_RECOGNISED, Code.LIVENESS_FAILED, Code.CHALLENGE_EXPIRED, Code.NOT_ENROLLED, Code.LOCKED_OUT,
        Code.OTP_REQUIRED, Code.PIN_NOT_ENOUGH, Code.THROTTLED)})
    def post(self, request):
        data = self.validated(SignInSerializer)
        where = {"device_id": data.get("device_id"), "request": request}
        if data["method"] == SignInMethod.FACE:
            tokens = services.sign_in_with_face(data["username"], data["challenge_id"],
                                                uploads.check_pictures(data["frames"]), **where)
        elif data["method"] == SignInMethod.VOICE:
            tokens = services.sign_in_with_voice(data["username"], data["challenge_id"],
                                                 uploads.check_recording(data["audio"]), language=data["language"],
                                                 **where)
        else:
            tokens = services.sign_in_with_pin(data["username"], data["pin"], **where)
        return Response(SignedInSerializer(tokens).data)


class VerifyOtpView(PublicAuthView):
    """PIN plus a one-time passcode: the fallback when face and voice sign-in fail."""


    @extend_schema(request=VerifyOtpSerializer, responses={200: SignedInSerializer, **error_responses(
        Code.INVALID_INPUT, Code.WRONG_CREDENTIALS, Code.WRONG_PASSCODE, Code.LOCKED_OUT, Code.THROTTLED)})
    def post(self, request):
        data = self.validated(VerifyOtpSerializer)
        tokens = services.sign_in_with_pin_and_otp(data["username"], data["pin"], data["code"],
                                                   device_id=data.get("device_id"), request=request)
        return Response(SignedInSerializer(tokens).data)


class OtpSetupView(ServiceView):
    @extend_schema(request=None, responses={200: OtpSetupSerializer,
                                            **error_responses(Code.NOT_SIGNED_IN, Code.OTP_ALREADY_SET_UP)})
    def post(self, request):
        return Response(services.start_otp_setup(request.user, request=request))


class OtpConfirmView(ServiceView):
    @extend_schema(request=OtpCodeSerializer, responses={204: None, **error_responses(
        Code.NOT_SIGNED_IN, Code.INVALID_INPUT, Code.OTP_SETUP_NOT_STARTED, Code.OTP_ALREADY_SET_UP,
        Code.WRONG_PASSCODE, Code.LOCKED_OUT)})
    def post(self, request):
        data = self.validated(OtpCodeSerializer)
        services.confirm_otp_setup(request.user, data["code"], request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StepUpView(ServiceView):
    """A fresh second factor for one transfer: a single-use token bound to its amount and destination."""

    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sign_in"

    @extend_schema(request=StepUpSerializer, responses={200: StepUpTokenSerializer, **error_responses(
        Code.NOT_SIGNED_IN, Code.INVALID_INPUT, Code.UNUSABLE_RECORDING, Code.OTP_NOT_SET_UP, Code.WRONG_PASSCODE,
        Code.NOT_RECOGNISED, Code.CHALLENGE_EXPIRED, Code.NOT_ENROLLED, Code.LOCKED_OUT, Code.THROTTLED)})
    def post(self, request):
        data = self.validated(StepUpSerializer)
        bound = {"amount_paise": data["amount_paise"], "to_account": data["to_account"], "request": request}
        if data["method"] == SignInMethod.VOICE:
            token = services.step_up_with_voice(request.user, data["challenge_id"],
                                                uploads.check_recording(data["audio"]), language=data["language"],
                                                **bound)
        else:
            token = services.step_up_with_otp(request.user, data["code"], **bound)
        return Response(token)


class ChallengeView(PublicAuthView):
    """Digits to speak, or a liveness action to do: single use, valid 60 seconds."""


    @extend_schema(request=ChallengeRequestSerializer,
                   responses={200: ChallengeSerializer, **error_responses(Code.INVALID_INPUT, Code.THROTTLED)})
    def post(self, request):
        data = self.validated(ChallengeRequestSerializer)
        return Response(biometric.new_challenge(services.find_user(data["username"]), data["kind"]))


class BiometricsView(ServiceView):
    """The signed-in customer's face and voice templates: list, enrol, delete."""

    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    @extend_schema(responses={200: serializers.ListSerializer(child=serializers.CharField()),
                              **error_responses(Code.NOT_SIGNED_IN)})
    def get(self, request):
        return Response(biometric.enrolled_kinds(request.user))

    @extend_schema(request=EnrolSerializer, responses={201: None, **error_responses(
        Code.NOT_SIGNED_IN, Code.INVALID_INPUT, Code.UNUSABLE_PICTURE, Code.UNUSABLE_RECORDING,
        Code.BIOMETRIC_QUALITY)})
    def post(self, request):
        data = self.validated(EnrolSerializer)
        if data["kind"] == BiometricKind.FACE:
            biometric.enrol_face(request.user, uploads.check_pictures(data.get("frames")), request=request)
        else:
            biometric.enrol_voice(request.user, uploads.check_recordings(data.get("recordings")), request=request)
        return Response({"enrolled": biometric.enrolled_kinds(request.user)}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **error_responses(Code.NOT_SIGNED_IN)})
    def delete(self, request):
        biometric.delete_templates(request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileSerializer(serializers.Serializer):
    registration_id = serializers.UUIDField(source="id")
    full_name = serializers.CharField()
    mobile = serializers.CharField()
    kyc_status = serializers.CharField()
    aadhaar = serializers.CharField(source="aadhaar.masked")
    enrolled = serializers.SerializerMethodField()
    otp = serializers.SerializerMethodField()

    def get_enrolled(self, customer) -> list[str]:
        return biometric.enrolled_kinds(customer.user)

    def get_otp(self, customer) -> bool:
        return services.has_otp(customer.user)


class ProfileView(ServiceView):
    """Who is signed in: name, KYC status, and which sign-in methods are set up."""

    @extend_schema(responses={200: ProfileSerializer, **error_responses(Code.NOT_SIGNED_IN, Code.NOT_A_CUSTOMER)})
    def get(self, request):
        return Response(ProfileSerializer(current_customer(request)).data)


class RefreshView(TokenRefreshView):
    """A new access token (and refresh token: they rotate) for a refresh token that is still valid."""

    serializer_class = SessionTokenRefreshSerializer

    @extend_schema(responses={200: TokensSerializer, **error_responses(Code.INVALID_INPUT, Code.NOT_SIGNED_IN)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class SignOutView(ServiceView):
    """End this sign-in: its access and refresh tokens stop working at once."""

    @extend_schema(request=RefreshSerializer, responses={204: None, **error_responses(
        Code.NOT_SIGNED_IN, Code.INVALID_INPUT, Code.SESSION_ENDED, Code.PERMISSION_DENIED)})
    def post(self, request):
        data = self.validated(RefreshSerializer)
        try:
            services.sign_out(request.user, data["refresh"], session_id=request.auth.get(SESSION_CLAIM),
                              request=request)
        except TokenError as exc:
            raise refuse(Code.SESSION_ENDED, "This sign-in has already ended.") from exc
        return Response(status=status.HTTP_204_NO_CONTENT)
