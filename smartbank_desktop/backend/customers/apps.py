from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "smartbank_desktop.backend.customers"
    label = "customers"
