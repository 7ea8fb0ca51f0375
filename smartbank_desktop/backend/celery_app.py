"""The Celery application: configured from Django settings (``CELERY_*``).

The embedded default broker is kombu's SQLAlchemy transport on a SQLite file in
the data folder, so a home PC needs no broker server; ``SMARTBANK_BROKER_URL``
points it at Redis or RabbitMQ.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartbank_desktop.backend.settings")

app = Celery("smartbank")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["smartbank_desktop.backend.kyc.tasks"]
app.set_default()  # every thread (the web server's too) publishes through this app


def _tune_embedded_transport() -> None:
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("sqla+"):
        # The SQLAlchemy transport hands every transport option to create_engine(),
        # so its polling interval is set on the class instead.
        from kombu.transport.sqlalchemy import Transport

        Transport.polling_interval = settings.CELERY_BROKER_POLLING_INTERVAL


@app.on_after_configure.connect
def _configured(sender, **kwargs):
    _tune_embedded_transport()
