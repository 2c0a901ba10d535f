from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a server started without DEBUG set never shows tracebacks. bin/run, bin/test and
# the test suite (tests/development_env.py) turn it on for development; production sets SECRET_KEY and
# ALLOWED_HOSTS (the README's production section; CI runs check --deploy).
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set SECRET_KEY in the environment (or DEBUG=1 for development).")
    SECRET_KEY = "dev-only-insecure-key-0123456789-footnote-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Part of the service worker's cache name; set it per deployment to force a fresh cache.
APP_VERSION = os.environ.get("APP_VERSION", "1")

INSTALLED_APPS = [
    "config.apps.FootnoteAdminConfig",  # django.contrib.admin, on config.admin.FootnoteAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_q",
    "injuries",
    "journal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses pages and API answers last, after every other middleware has written them. Since
    # Django 4.2 it pads each response at random against BREACH; WhiteNoise serves static files
    # precompressed on its own. (Django's, leaving answers without a body alone.)
    "journal.common.middleware.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "journal.common.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "journal.common.middleware.RunnerTimezoneMiddleware",
    "journal.common.middleware.PrivateNoStoreMiddleware",
    # Writes mark flags out of date; reads evaluate them (journal.flags.services.flags_deferred).
    "journal.common.middleware.FlagsDeferredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default (WAL and a busy timeout so a few writers wait instead of failing);
# DATABASE_URL switches to PostgreSQL for anything beyond one machine.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # Flag evaluation's and History's reads (journal/flags/rows.py) ask PostgreSQL to keep their statements
    # prepared on the connection: planned once, not on every request. Django's own queries are never
    # prepared (their values are in the SQL text), so the threshold at which psycopg would prepare any
    # statement on its own is never reached. A pooler in transaction mode (PgBouncer before 1.21) loses
    # prepared statements between transactions: DATABASE_PREPARED_STATEMENTS=0 turns them off.
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0":
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1_000_000
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                ),
            },
            # A file, not memory, so tests see real WAL locking and several connections.
            # One file per test process, so two test runs never share it.
            "TEST": {
                "NAME": os.environ.get(
                    "SQLITE_TEST_PATH",
                    os.path.join(tempfile.gettempdir(), f"footnote-test-{os.getpid()}.sqlite3"),
                )
            },
        }
    }

# Rate limits and other shared state live outside process memory, so every web worker and the task
# worker see the same counts: in Redis when REDIS_URL is set (shared by every machine), otherwise in
# files under var/cache (shared by the processes of one machine; Django makes the folder when the cache
# is first used). Files rather than a table in the journal's database: DRF's throttles and allauth's
# limits write on every request they count, and in SQLite each of those writes would take the
# database's one write lock, so a GET would queue behind every save.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "footnote"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            # Each write lists the folder (about 1 ms per 1,000 files), and past this many files Django
            # deletes a third of them at random. Rate-limit counts last minutes at most.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
        }
    }

# Background work (django-q2): the queue lives in the database by default, so `bin/run` needs
# no extra server; with REDIS_URL it lives in Redis and workers may run on any machine.
# `manage.py qcluster` is the worker and the scheduler.
TASK_TIMEOUT_S = int(os.environ.get("TASK_TIMEOUT_S", "600"))
Q_CLUSTER = {
    "name": os.environ.get("TASK_QUEUE_NAME", "footnote"),
    "workers": int(os.environ.get("TASK_WORKERS", "2")),
    # Imports of whole archives may take minutes; a task past this is stopped and retried.
    "timeout": TASK_TIMEOUT_S,
    # A task not acknowledged in this time (its worker died) is handed to another worker.
    "retry": TASK_TIMEOUT_S + 120,
    "max_attempts": 3,
    "ack_failures": True,
    # After downtime a schedule runs once, not once for every run it missed: every job
    # looks at what is due now, so one run catches up.
    "catch_up": False,
    "save_limit": 500,
    "label": "Background tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: new sign-ins use it. The two after it keep sessions made before it was added working.
    "journal.accounts.backends.ProfileAuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads waiting to be read and exports waiting to be downloaded. With several app servers and
# workers, point this at shared storage (or set STORAGES["default"] to an object store).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "journal:today"

# Accounts: django-allauth, email as the login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Everyone confirms their address before signing in: a physiotherapist's request for access goes to an
# address, and only its confirmed owner may answer it.
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
# Sign-up and password reset answer the same whether or not an address has an account; the owner of an
# address that is already registered gets an email saying so.
ACCOUNT_PREVENT_ENUMERATION = True
# allauth names people by the name they gave ("Signed in as Nina New"), not the username made from the email.
ACCOUNT_USER_DISPLAY = "journal.accounts.display.user_display"
ACCOUNT_SIGNUP_FORM_CLASS = "journal.accounts.forms.SignupExtraForm"
# Physiotherapists land on their patient list after signing in, runners on Today.
ACCOUNT_ADAPTER = "journal.accounts.adapter.FootnoteAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Failed sign-ins lock the account tried (5 in 5 minutes), not everyone behind the same address; the wide
# per-address limit only slows guessing across many accounts. The sign-in limit lets a whole running
# club on one network sign in at once.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_RATE", "5/5m/key,50/5m/ip"),
    "login": os.environ.get("LOGIN_RATE", "120/m/ip"),
    # Footnote's own: wrong invite codes a physiotherapist may enter, and access requests they may send.
    "invite_failed": os.environ.get("INVITE_FAILED_RATE", "5/15m/user"),
    "care_request": os.environ.get("CARE_REQUEST_RATE", "20/h/user"),
}
# How many proxies in front of the app set X-Forwarded-For (0: none, the address is REMOTE_ADDR). Both
# allauth's sign-in limits and the API's throttling take the client's address from it, so a made-up
# X-Forwarded-For header cannot slip past either.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Footnote"
# TOTP secrets and recovery-code seeds are encrypted at rest (journal/accounts/mfa.py); the key comes from
# MFA_ENCRYPTION_KEY (comma-separated Fernet keys, the first encrypts) or is derived from SECRET_KEY.
MFA_ADAPTER = "journal.accounts.mfa.FootnoteMFAAdapter"
MFA_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEY", "")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Footnote <no-reply@localhost>")

# Web Push (VAPID). Without VAPID_PRIVATE_KEY a key pair is made on first use and kept in the
# database, so every server shares it; VAPID_SUBJECT is the contact push services may use.
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:no-reply@localhost")

REST_FRAMEWORK = {
    # Token first, so a request with neither answers 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["journal.api.errors.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "journal.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "journal.api.schema.FootnoteAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/min"),
        "user": os.environ.get("API_USER_RATE", "1200/min"),
    },
    "EXCEPTION_HANDLER": "journal.api.errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(os.environ.get("API_TOKEN_DAYS", "30"))),
    "AUTO_REFRESH": False,
    "TOKEN_PREFIX": "ftn_",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Footnote API",
    "DESCRIPTION": (
        "The runner's journal over HTTP. Distances are metres and durations seconds; the runner's "
        "display unit is in /api/v1/me/. Creates are idempotent by client-supplied UUID."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SideEnum": "journal.models.Side",
        "SwellingEnum": "journal.models.Swelling",
        "SeverityEnum": "journal.models.Severity",
        "RegionEnum": "injuries.models.Region",
        "JobStatusEnum": "journal.models.JobStatus",
    },
}

# Security: everything `manage.py check --deploy` asks for once DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own files, never inline, so an injected
# <script> or on...= attribute does not run. Style attributes stay allowed (charts and bars are sized
# with them); style elements and sheets come only from our own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): no page here needs these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
