"""Settings for every environment, read from environment variables.

With no variables set this is the embedded default: SQLite file, Celery tasks run eagerly,
private files on local disk. See README "Configuration" for every variable.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

from .storage import private_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Off unless asked for (`bin/run --debug`): with DEBUG on, Django's technical 404 lists every URL and its
# 500 page shows source and settings, which the embedded default must never show to a visitor.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A fixed key is acceptable only for the embedded default; production.py requires the variable.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="embedded-default-insecure-key-for-local-demo-only")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "core",
    "accounts",
    "audit",
    "rejections",
    "brands",
    "vetting",
    "appeals",
    "campaigns",
    "senders",
    "geo",
    "traffic",
    "events",
    "health",
    "optouts",
    "casework",
    "notifications",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every HTML page: a strict Content-Security-Policy (no inline script or style) and a Permissions-Policy.
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# Scripts, styles and images only from our own origin (vendored htmx, static/js, static/css), never inline:
# an injected <script> or on*= handler does not run. Downloads set their own sandbox policy, which the
# middleware leaves in place.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# No page needs a sensor, camera, microphone, location or payment; a script that slipped in cannot ask.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), fullscreen=(self)"
)

ROOT_URLCONF = "compliance_portal.urls"
WSGI_APPLICATION = "compliance_portal.wsgi.application"
ASGI_APPLICATION = "compliance_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
            ],
            "builtins": ["core.templatetags.portal"],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Locks are table-wide on SQLite; wait for them instead of failing "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the portal (0 = none: X-Forwarded-For is ignored). Behind one TLS proxy, set 1:
# lockouts and API throttles then key on the address the proxy saw, not on the proxy's own address (which
# every client shares, so anyone could lock any account). One function serves axes and DRF alike.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))

STORAGES = {
    "default": private_storage_config(
        bucket=env.str("AWS_STORAGE_BUCKET_NAME", default=None),
        local_root=PRIVATE_MEDIA_ROOT,
        endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default=None),
        region=env.str("AWS_S3_REGION_NAME", default=None),
        access_key=env.str("AWS_ACCESS_KEY_ID", default=None),
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=None),
    ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Evidence and reports go to the one private storage; the alias makes intent readable in code.
STORAGES["private"] = STORAGES["default"]

# Uploads stream to temporary files on disk, never whole into memory; on the appeal-evidence URLs the
# handler also enforces A8's count, per-file and total limits while reading (appeals.upload_handlers).
FILE_UPLOAD_HANDLERS = ["appeals.upload_handlers.EvidenceUploadHandler"]
# A8's file count (appeals.uploads.limits.MAX_FILES); settings import no app, so the number is written here and
# the appeals app refuses to start when the two differ (system check appeals.E001).
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# Celery: without a broker the embedded default runs every task inline.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL.startswith("memory://")
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only after it ran, and requeued when its worker dies mid-task, so
# tasks must be idempotent (they are: each loads its row by id and checks its state).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Quick tasks (probes, the report sweep); the report render has its own, longer limit below.
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Deployments (or test runs) sharing one broker keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# The report render's hard time limit (its soft limit is a minute earlier). A report that shows no sign of
# life for longer than this has lost its worker: the sweep below re-queues it, at most REPORT_MAX_REQUEUES
# times, and a render is started at most REPORT_MAX_ATTEMPTS times in all (retries included).
REPORT_TIME_LIMIT = env.int("REPORT_TIME_LIMIT_SECONDS", default=11 * 60)
REPORT_MAX_REQUEUES = 3
REPORT_MAX_ATTEMPTS = 8
REPORT_SWEEP_INTERVAL = 60
# Redis (and SQS) hand an unacknowledged task to another worker after the visibility timeout (kombu's
# default: one hour). Just above the longest hard limit: a task still running is never handed out twice,
# and the task of a worker that was killed outright runs again minutes later, not an hour later.
# A DNC list import (M5.3: 10 million numbers load in about two minutes) has its own hard limit, under the
# same visibility timeout: an import still running is never handed to a second worker.
DNC_IMPORT_TIME_LIMIT = env.int("DNC_IMPORT_TIME_LIMIT_SECONDS", default=11 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(CELERY_TASK_TIME_LIMIT, REPORT_TIME_LIMIT, DNC_IMPORT_TIME_LIMIT) + 60
}
# The one list of periodic jobs (core/periodic.py): beat sends them to the workers; where no beat runs (the
# embedded default), ``manage.py run_periodic`` from cron runs the same tasks synchronously.
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-reports": {
        "task": "reports.sweep_reports",
        "schedule": REPORT_SWEEP_INTERVAL,
        # Nothing gained by running a missed sweep late: the next one comes anyway.
        "options": {"expires": REPORT_SWEEP_INTERVAL},
    },
    # M2.1: day partitions of the message events kept 14 days ahead; the de-duplication ledger pruned (events).
    "events-partitions": {"task": "events.maintain_partitions", "schedule": 3600, "options": {"expires": 3600}},
    # M2.3: today's and the two previous days' figures recomputed from the events (events.services).
    "events-rollup": {"task": "events.rollup_recent", "schedule": 60, "options": {"expires": 60}},
    # M1.7: the hourly totals the at-send check counted in Redis land in geo's HourlyCount (traffic.counting).
    "flush-traffic-counts": {
        "task": "traffic.flush_hourly_counts",
        "schedule": 300,
        "options": {"expires": 300},
    },
    # N1: webhook deliveries whose next attempt (exponential backoff) is due; the first attempt is sent at once.
    "retry-webhooks": {
        "task": "notifications.retry_webhooks",
        "schedule": 30,
        "options": {"expires": 30},
    },
    # N1: one email a day with the events of users who chose the daily digest.
    "email-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=env.int("EMAIL_DIGEST_HOUR_UTC", default=7), minute=0),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Throttles key on core.client_ip; NUM_PROXIES keeps DRF's own reading the same.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        # POST /api/v1/auth/token/ per client address: password guessing through the API.
        "token": env.str("API_THROTTLE_TOKEN", default="10/min"),
    },
}
# Throttle counters live in the cache: per process by default; give production a shared one (Redis).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
SPECTACULAR_SETTINGS = {
    "TITLE": "Compliance Portal API",
    "DESCRIPTION": "US A2P 10DLC brand, campaign, vetting and appeal registration (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The at-send check is a plain Django view (a hot path without DRF): traffic describes its operation.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "traffic.schema.add_check_endpoint"],
    # Several resources have a "decision" field with different choices; name each enum after its owner.
    "ENUM_NAME_OVERRIDES": {
        "BrandReviewDecisionEnum": "brands.choices.ReviewDecision",
        # Appeals and campaigns decide with the same two words; one enum serves both.
        "ApproveRejectDecisionEnum": "appeals.choices.Decision",
        "WorkKindEnum": "casework.choices.WorkKind",
        "ReportKindEnum": "reports.choices.ReportKind",
        "AlertKindEnum": "traffic.choices.AlertKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful sign-in at INFO; failures and lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Email (N1). EMAIL_URL (smtp://user:password@host:587/?tls=True, smtps://… or consolemail://) or the standard
# EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS variables choose SMTP; without either the
# embedded default writes each message as a file into var/mail/ (EMAIL_FILE_PATH).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Compliance Portal <no-reply@compliance-portal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails are absolute: the portal's address as its users reach it.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Customer webhooks (N1). Private/loopback targets are refused unless allowed (the embedded default, without a
# broker, allows them so a receiver on this machine can be tried; any deployment with a broker refuses them).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=CELERY_TASK_ALWAYS_EAGER)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Retries: the first after WEBHOOK_RETRY_BASE_SECONDS, each later one twice as late (at most
# WEBHOOK_RETRY_MAX_DELAY_SECONDS), until WEBHOOK_RETRY_WINDOW_SECONDS after the event; then the delivery failed.
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=60.0)
WEBHOOK_RETRY_MAX_DELAY_SECONDS = env.float("WEBHOOK_RETRY_MAX_DELAY_SECONDS", default=4 * 3600.0)
WEBHOOK_RETRY_WINDOW_SECONDS = env.float("WEBHOOK_RETRY_WINDOW_SECONDS", default=24 * 3600.0)
# An endpoint whose every attempt failed for this long, or this many times in a row, is turned off.
WEBHOOK_DISABLE_AFTER_SECONDS = env.float("WEBHOOK_DISABLE_AFTER_SECONDS", default=24 * 3600.0)
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=100)
# A rotated secret keeps signing (a second v1 signature) this long.
WEBHOOK_SECRET_OVERLAP_SECONDS = env.int("WEBHOOK_SECRET_OVERLAP_SECONDS", default=24 * 3600)

# The at-send check (traffic): MPH counters in Redis when set (redis://host:6379/0; keys hash-tagged per account
# for a Redis Cluster); without it the database counts, with the same semantics (the embedded default).
TRAFFIC_REDIS_URL = env.str("TRAFFIC_REDIS_URL", default="") or None
# Lifetime of the check's cached lookups in each process. With Redis every change reaches every process at its
# next check (a per-account version); without it another process sees a change within this bound.
TRAFFIC_CACHE_SECONDS = env.float("TRAFFIC_CACHE_SECONDS", default=60.0)
# How late another process sees a revoked sending-platform token.
TRAFFIC_TOKEN_CACHE_SECONDS = env.float("TRAFFIC_TOKEN_CACHE_SECONDS", default=5.0)

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="compliance-demo-2026")
# N3: the registry's campaign webhook (/hooks/registry/campaign-mno/) is signed with these shared secrets
# (HMAC-SHA256, core.webhooks); two during a rotation. None set: the hook is off (404).
REGISTRY_WEBHOOK_SECRETS = env.list("REGISTRY_WEBHOOK_SECRETS", default=[])
REPORT_PAGE_SIZE = env.str("REPORT_PAGE_SIZE", default="A4")
