from django.apps import AppConfig


class AuthnConfig(AppConfig):
    name = "smartbank_desktop.backend.authn"
    label = "authn"
    verbose_name = "Sign-in"
