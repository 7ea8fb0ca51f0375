"""Django settings: embedded defaults (SQLite and files in the per-user data
folder) that environment variables switch to a bank's deployment.

Environment: ``DATABASE_URL`` (PostgreSQL), ``SMARTBANK_HOME`` (data folder),
``SMARTBANK_SECRET_KEY`` / ``SMARTBANK_DATA_KEY`` (else generated once in the
data folder), ``SMARTBANK_DEBUG``, ``SMARTBANK_ALLOWED_HOSTS``, ``SMARTBANK_CACHE_URL`` (Redis),
``SMARTBANK_BROKER_URL`` (Redis or RabbitMQ), ``SMARTBANK_S3_BUCKET`` and its companions (documents in
S3-compatible storage), ``SMARTBANK_LOG_FORMAT=json``,
``SMARTBANK_DAILY_LIMIT_PAISE``, ``SMARTBANK_STEP_UP_THRESHOLD_PAISE``.
The README's Operators section lists them all.
"""

from __future__ import annotations

import os
from datetime import timedelta

import dj_database_url

from smartbank_desktop.backend import logs, storage
from smartbank_desktop.core import paths
from smartbank_desktop.core.bank import BANK_TIME_ZONE

DATA_DIR = paths.data_dir()
SECRET_KEY = paths.secret_key()
DEBUG = os.environ.get("SMARTBANK_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("SMARTBANK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "smartbank_desktop.backend.audit",
    "smartbank_desktop.backend.customers",
    "smartbank_desktop.backend.banking",
    "smartbank_desktop.backend.authn",
    "smartbank_desktop.backend.chatbot",
    "smartbank_desktop.backend.kyc",
]

MIDDLEWARE = [
    # A request id for the log lines of the request and of the KYC task it enqueues.
    "smartbank_desktop.backend.request_ids.RequestIdMiddleware",
    # /healthz and /readyz, answered before the host check (probes ask by the process's address).
    "smartbank_desktop.backend.health.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The staff pages' CSS and scripts, served by the app itself (no separate web server at home).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "smartbank_desktop.backend.urls"
CSRF_FAILURE_VIEW = "smartbank_desktop.backend.errors.csrf_failure"
WSGI_APPLICATION = "smartbank_desktop.backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

_SQLITE_URL = f"sqlite:///{DATA_DIR / 'smartbank.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _SQLITE_URL), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE: a transaction takes the write lock when it starts, so two
    # concurrent transfers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS: list = []  # PIN rules live in customers.pins
LANGUAGE_CODE = "en-in"
TIME_ZONE = BANK_TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True  # straight from the installed apps: no collectstatic step to forget

# Uploaded documents: encrypted before they reach the storage backend, never served.
DOCUMENTS_ROOT = DATA_DIR / "documents"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "files"}},
    "documents": {
        "BACKEND": "smartbank_desktop.backend.storage.EncryptedStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# At scale: documents in S3-compatible storage (SMARTBANK_S3_BUCKET, SMARTBANK_S3_ENDPOINT_URL,
# SMARTBANK_S3_REGION, SMARTBANK_S3_PREFIX), still encrypted here before the upload, private, never by URL.
_S3 = storage.s3_options()
if _S3:
    STORAGES["documents"]["OPTIONS"] = _S3
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # well above any phone photo, far below a decompression bomb
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["smartbank_desktop.backend.authn.authentication.SessionJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "smartbank_desktop.backend.schema.BankAutoSchema",
    "DEFAULT_PARSER_CLASSES": ["smartbank_desktop.backend.parsers.BoundedJSONParser",
                               "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "smartbank_desktop.backend.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "sign_in": os.environ.get("SMARTBANK_SIGN_IN_RATE", "30/min"),
        "registration": os.environ.get("SMARTBANK_REGISTRATION_RATE", "20/hour"),
    },
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SmartBank API",
    "DESCRIPTION": "The bundled banking backend of SmartBank Desktop.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "smartbank_desktop.backend.schema.state_variants"],
}

# The shared cache: the rate limits' counters and the assistant's conversations, the same for every
# server process and kept across restarts. The database's cache table by default (migrate makes it);
# SMARTBANK_CACHE_URL=redis://... at scale. SMARTBANK_CACHE_PREFIX keeps apart deployments sharing one store.
_CACHE_URL = os.environ.get("SMARTBANK_CACHE_URL", "")
CACHES = {"default": {
    **({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL} if _CACHE_URL else
       # Past MAX_ENTRIES the table drops its expired rows first, then a third of the rest.
       {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "smartbank_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000}}),
    "KEY_PREFIX": os.environ.get("SMARTBANK_CACHE_PREFIX", ""),
}}

# Banking rules (paise).
DAILY_TRANSFER_LIMIT_PAISE = int(os.environ.get("SMARTBANK_DAILY_LIMIT_PAISE", 100_000_00))
STEP_UP_THRESHOLD_PAISE = int(os.environ.get("SMARTBANK_STEP_UP_THRESHOLD_PAISE", 10_000_00))
NEW_PAYEE_LIMIT_PAISE = int(os.environ.get("SMARTBANK_NEW_PAYEE_LIMIT_PAISE", 5_000_00))
NEW_PAYEE_PERIOD = timedelta(hours=24)
OPENING_CREDIT_PAISE = 1_000_00
# Sign-in lockouts (README, "Signing in"): every fifth wrong try locks that way in on that client; the k-th
# lock within a year lasts SIGN_IN_LOCKOUT * 2**(k-1); from the third, the PIN alone no longer signs in there.
SIGN_IN_MAX_FAILURES = 5
SIGN_IN_LOCKOUT = timedelta(minutes=15)
SIGN_IN_LOCKS_BEFORE_PIN_ALONE_ENDS = 3

# KYC pipeline on Celery. The embedded default broker is a SQLite file in the
# data folder (no server); SMARTBANK_BROKER_URL=redis://... or amqp://... at scale.
CELERY_BROKER_URL = os.environ.get("SMARTBANK_BROKER_URL") or f"sqla+sqlite:///{DATA_DIR / 'broker.sqlite3'}"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    # SMARTBANK_BROKER_PREFIX keeps apart deployments (or test runs) sharing one Redis database.
    {"visibility_timeout": int(os.environ.get("SMARTBANK_BROKER_VISIBILITY_TIMEOUT", 3600)),
     "socket_connect_timeout": 5, "socket_timeout": 30,
     **({"global_keyprefix": os.environ["SMARTBANK_BROKER_PREFIX"]} if os.environ.get("SMARTBANK_BROKER_PREFIX")
        else {})}
    if CELERY_BROKER_URL.startswith(("redis", "rediss")) else {}  # sqla passes options to create_engine()
)
CELERY_BROKER_POLLING_INTERVAL = float(os.environ.get("SMARTBANK_BROKER_POLLING_INTERVAL", 0.25))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "smartbank-kyc"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
KYC_MAX_RETRIES = int(os.environ.get("SMARTBANK_KYC_MAX_RETRIES", 6))
KYC_RETRY_BASE_SECONDS = float(os.environ.get("SMARTBANK_KYC_RETRY_BASE_SECONDS", 2))
KYC_RETRY_MAX_SECONDS = float(os.environ.get("SMARTBANK_KYC_RETRY_MAX_SECONDS", 300))
# A case is claimed by one task run for this long; each step renews the claim.
# When it lapses (the worker died), the sweep hands the case to a new run.
KYC_LEASE_SECONDS = float(os.environ.get("SMARTBANK_KYC_LEASE_SECONDS", 120))
KYC_SWEEP_INTERVAL_SECONDS = float(os.environ.get("SMARTBANK_KYC_SWEEP_INTERVAL_SECONDS", 30))
KYC_MAX_RUNS = int(os.environ.get("SMARTBANK_KYC_MAX_RUNS", 5))  # then MANUAL_REVIEW
# A PENDING case not picked up within this time is enqueued again (broker down at registration).
KYC_PENDING_GRACE_SECONDS = float(os.environ.get("SMARTBANK_KYC_PENDING_GRACE_SECONDS", 600))
# ClamAV: SMARTBANK_CLAMD_SOCKET (a running clamd) or SMARTBANK_CLAMAV_DATABASE (signatures for
# a private clamd started by `smartbank worker`, or for clamscan); read by kyc.virus_scan.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The test database is a file (not memory), so a real worker process can share it;
    # one per test process, so test runs side by side do not meet.
    import tempfile as _tempfile

    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_tempfile.gettempdir(),
                                                         f"smartbank-test-{os.getpid()}.sqlite3")}

# Plain lines at home; SMARTBANK_LOG_FORMAT=json for one JSON object a line, with request ids (logs.py).
LOGGING = logs.logging_config()
