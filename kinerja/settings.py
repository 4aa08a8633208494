"""Settings of Kinerja, read from the environment (and an optional `.env` file).

Every setting and its default is listed in `.env.example`. The defaults serve the single-machine set-up that
`make run` creates; a production deployment sets at least SECRET_KEY, ALLOWED_HOSTS and DEBUG=false.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 - refused below unless DEBUG

env = environ.Env()
ENV_FILE = Path(os.environ.get("KINERJA_ENV_FILE") or BASE_DIR / ".env")
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY masih kunci pengembangan sementara DEBUG mati. "
        "Set SECRET_KEY (a long random string) in the environment before running with DEBUG=false."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "pgtrigger",
    "pghistory",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    # Kinerja, from the ground up (a lower app never imports a higher one)
    "apps.core",
    "apps.departments",
    "apps.accounts",
    "apps.audit",
    "apps.plans",
    "apps.agreements",
    "apps.progress",
    "apps.innovations",
    "apps.evaluations",
    "apps.dashboards",
    "apps.reports",
    "apps.tree",
    "apps.competitions",
    "apps.notifications",
    "apps.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.DatabaseUnavailableMiddleware",  # a database that is down: a clean 503, not a traceback
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.SessionRefreshMiddleware",  # the idle expiry, written at most once a minute
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.departments.middleware.RegionTimezoneMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "apps.core.context_processors.navigation",
                "apps.notifications.context_processors.notifications",
            ],
            "builtins": ["apps.core.templatetags.kinerja"],
        },
    }
]

# --- Data stores -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/kinerja")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "apps.core.cache.ForgivingRedisCache",  # a miss when Redis is down
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kinerja"),
        "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
    }
}

# --- Celery ----------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
# A task whose pool process dies (OOM killer, SIGKILL) goes back to the queue and runs again, instead of being acked
# as failed; tasks are idempotent (apps/core/queue.py). A whole worker lost: see visibility_timeout below.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing gives up fast when Redis is down (the web process then keeps the task: apps/core/queue.py). A message
# that no worker acknowledged (its worker was killed mid-task) is delivered again after visibility_timeout seconds:
# longer than any task runs, or a slow task would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="kinerja")

# --- Accounts and security ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "apps.accounts.backends.UsernameOrNipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_IDLE_HOURS = env.int("SESSION_IDLE_HOURS", default=8)
SESSION_COOKIE_AGE = SESSION_IDLE_HOURS * 3600
# The age counts from the last request (expiry after inactivity), to within SESSION_REFRESH_SECONDS: the session is
# saved again when that much time has passed since it last was (apps.core.middleware.SessionRefreshMiddleware), not
# on every request.
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)

# The pages' bodies, rendered once and kept until one of their sources changes (apps/core/fingerprint.py): this only
# bounds how long an unused entry stays in Redis.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production over HTTPS (DEBUG off, SITE_URL https): plain HTTP is redirected and browsers are told by HSTS to come
# back only over HTTPS. Each can be set by itself; `manage.py check --deploy` is clean with the defaults.
HTTPS_ONLY = not DEBUG and SITE_URL.startswith("https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # probes of the load balancer or systemd may ask over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kinerja <kinerja@localhost>")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],  # no inline style attributes or <style> elements (their widths: data-width)
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- Language, time and formats ----------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Makassar")
FORMAT_MODULE_PATH = ["kinerja.formats"]
# Years and ids must not become "2.026": thousands are grouped by the `num`/`rupiah` filters only.
USE_THOUSAND_SEPARATOR = False

# --- Static and media files --------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
MEDIA_URL = "/media-not-served/"  # files are only served through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=10)
PROGRESS_EVIDENCE_MAX_MB = env.int("PROGRESS_EVIDENCE_MAX_MB", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Forms, API ----------------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PAGE_SIZE = env.int("PAGE_SIZE", default=25)

# --- Realisasi (DOMAIN.md §4) --------------------------------------------------------------------------------
# A quarter may be reported until this many days after it ends (10 April for TW I); later only if Bappeda reopens it.
PROGRESS_REPORTING_DAYS = env.int("PROGRESS_REPORTING_DAYS", default=10)
# Averages of capaian count at most this percentage; the raw value is kept and shown.
ACHIEVEMENT_CAP = env.int("ACHIEVEMENT_CAP", default=120)
# The one-year deadline (DOMAIN.md §5): the defaults of a year's "target met" policy and of the SKP work rating.
EVALUATION_ACHIEVEMENT_THRESHOLD = env.int("EVALUATION_ACHIEVEMENT_THRESHOLD", default=91)
EVALUATION_ABOVE_EXPECTATION = env.int("EVALUATION_ABOVE_EXPECTATION", default=110)
# Hours a report built in the background can be downloaded.
REPORT_FILE_HOURS = env.int("REPORT_FILE_HOURS", default=24)
# The public accountability page (signed PKs and capaian per department, no sign-in); off by default.
PUBLIC_ACCOUNTABILITY_PAGE = env.bool("PUBLIC_ACCOUNTABILITY_PAGE", default=False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja API",
    "DESCRIPTION": "Kinerja: targets, Perjanjian Kinerja, realisasi and innovations of a Pemerintah Daerah.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # Every `status` choice set under its own name (the schema is checked with --fail-on-warn in the tests).
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "apps.agreements.models.AgreementStatus",
        "ImportJobStatusEnum": "apps.core.models.ImportJob.Status",
        # draft / submitted / returned / verified: realisasi reports and innovations share it
        "ReviewStatusEnum": "apps.progress.models.ReportStatus",
        "InnovationAffairEnum": "apps.innovations.affairs.AFFAIRS",
        # assignment kinds (heads', positions', a position's current holder) share one enum; the officials'
        # full eselon list keeps its name beside the positions' III/IV subset
        "AssignmentKindEnum": "apps.departments.models.AssignmentKind",
        "EchelonEnum": "apps.departments.models.Echelon",
    },
}

# --- Audit (row history by PostgreSQL triggers) ------------------------------------------------------------
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Scheduled tasks (celery beat; the DatabaseScheduler copies these into django_celery_beat on start) ----------
from celery.schedules import crontab  # noqa: E402 - only the schedule needs it

CELERY_TIMEZONE = TIME_ZONE  # the region's time (WITA by default): "07:00" below is 07:00 there
CELERY_BEAT_SCHEDULE = {
    "core-flush-queued": {
        "task": "core.flush_queued",
        "schedule": crontab(),  # every minute: work kept while Redis was down is sent once it is back
    },
    "agreement-deadline-reminders": {
        "task": "agreements.deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "progress-deadline-reminders": {
        "task": "progress.deadline_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
    "evaluations-flag-overdue": {
        "task": "evaluations.flag_overdue",
        "schedule": crontab(hour=1, minute=0),
    },
    "reports-cleanup-expired": {
        "task": "reports.cleanup_expired",
        "schedule": crontab(minute=30),  # hourly: report files past REPORT_FILE_HOURS
    },
}
