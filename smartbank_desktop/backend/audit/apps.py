from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "smartbank_desktop.backend.audit"
    label = "audit"
    verbose_name = "Audit log"
