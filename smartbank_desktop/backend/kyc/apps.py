"""The KYC Django app: cases, events, the manual-review admin and the Celery tasks."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KycConfig(AppConfig):
    name = "smartbank_desktop.backend.kyc"
    label = "kyc"
    verbose_name = "KYC"

    def ready(self):
        from smartbank_desktop.backend import celery_app  # noqa: F401 - the app tasks are sent through

        from . import roles

        post_migrate.connect(roles.ensure_groups, sender=self)
