"""WSGI entry point for the backend (waitress in the product, any WSGI server at scale)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartbank_desktop.backend.settings")
application = get_wsgi_application()
