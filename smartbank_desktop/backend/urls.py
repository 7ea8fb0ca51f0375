"""URL map of the backend."""

from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from smartbank_desktop.backend.authn import views as authn
from smartbank_desktop.backend.banking import views as banking
from smartbank_desktop.backend.chatbot import views as chatbot
from smartbank_desktop.backend.kyc import views as registrations

admin.site.site_header = "SmartBank staff"
admin.site.site_title = "SmartBank staff"
admin.site.site_url = None  # no public site: the staff pages link nowhere outside themselves

# Errors Django answers itself: JSON with code and detail under /api/, Django's pages elsewhere.
handler400 = "smartbank_desktop.backend.errors.bad_request"
handler403 = "smartbank_desktop.backend.errors.permission_denied"
handler404 = "smartbank_desktop.backend.errors.page_not_found"
handler500 = "smartbank_desktop.backend.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/registrations/", registrations.RegistrationListView.as_view(), name="registrations"),
    path("api/v1/registrations/<uuid:registration_id>/", registrations.RegistrationDetailView.as_view(),
         name="registration"),
    path("api/v1/registrations/<uuid:registration_id>/documents/", registrations.RegistrationDocumentsView.as_view(),
         name="registration-documents"),
    path("api/auth/login/", authn.SignInView.as_view(), name="login"),
    path("api/auth/verify-otp/", authn.VerifyOtpView.as_view(), name="verify-otp"),
    path("api/auth/otp/setup/", authn.OtpSetupView.as_view(), name="otp-setup"),
    path("api/auth/otp/confirm/", authn.OtpConfirmView.as_view(), name="otp-confirm"),
    path("api/auth/challenge/", authn.ChallengeView.as_view(), name="challenge"),
    path("api/auth/biometrics/", authn.BiometricsView.as_view(), name="biometrics"),
    path("api/auth/step-up/", authn.StepUpView.as_view(), name="step-up"),
    path("api/auth/me/", authn.ProfileView.as_view(), name="me"),
    path("api/auth/refresh/", authn.RefreshView.as_view(), name="token-refresh"),
    path("api/auth/logout/", authn.SignOutView.as_view(), name="logout"),
    path("api/v1/accounts/", banking.AccountListView.as_view(), name="accounts"),
    path("api/v1/payees/", banking.PayeeListView.as_view(), name="payees"),
    path("api/v1/payees/<int:payee_id>/", banking.PayeeDetailView.as_view(), name="payee"),
    path("api/transactions/", banking.TransferView.as_view(), name="transfers"),
    path("api/transactions/history/", banking.HistoryView.as_view(), name="history"),
    path("api/chatbot/command/", chatbot.ChatbotCommandView.as_view(), name="chatbot"),
]
