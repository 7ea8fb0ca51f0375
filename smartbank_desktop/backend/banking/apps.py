from django.apps import AppConfig


class BankingConfig(AppConfig):
    name = "smartbank_desktop.backend.banking"
    label = "banking"
