"""Django settings for hrparks.

Everything that differs between a laptop, CI and a bureau's servers comes from the environment:
DATABASE_URL (default: SQLite next to manage.py), SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_*.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# DJANGO_ENV=production switches on everything a bureau's servers need (HTTPS-only cookies, HSTS, no debug).
PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]  # no default in production: fail loudly when it is missing
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "captcha",  # django-simple-captcha: the portal's self-hosted challenge (no outside service on an intranet)
    # Domain apps, one per component of the measures.
    "hrparks.core",
    "hrparks.audit",
    "hrparks.parks",
    "hrparks.accounts",
    "hrparks.workdays",
    "hrparks.policy",
    "hrparks.applications",
    "hrparks.notifications",
    "hrparks.documents",
    "hrparks.evaluations",
    "hrparks.dashboard",
    "hrparks.portal",
    "hrparks.api",
    "hrparks.scenarios",
    "hrparks.workbench",
    # After the apps: core's Bootstrap widget templates must win over Django's own.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hrparks.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hrparks.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hrparks.core.middleware.DatabaseUnavailableMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

# Widget templates are overridden in hrparks/core/templates/django/forms to carry Bootstrap classes.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "hrparks.urls"
WSGI_APPLICATION = "hrparks.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hrparks.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Log-in throttling: 5 failures per user name and address lock the pair out for 30 minutes. Only the
# pair: the same user from another address (their own) still gets in, so nobody can lock a known user
# out by guessing. Behind the reverse proxy the address is the client's, read from the X-Forwarded-For
# entry our own proxies appended (PORTAL_TRUSTED_PROXIES of them), never one the client wrote itself.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "hrparks.portal.throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Two-factor log-in (TOTP authenticator apps, django-otp): any user may switch it on from the preferences
# page; users of these roles (comma-separated role values) cannot use the site without it. Production
# requires it of the provincial department and of the system administrator (and every superuser) by
# default (docs/deployment.md).
HRPARKS_REQUIRE_OTP_FOR = [
    role.strip()
    for role in os.environ.get("HRPARKS_REQUIRE_OTP_FOR", "provincial_bureau,system_admin" if PRODUCTION else "").split(
        ","
    )
    if role.strip()
]
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "hrparks")
# Administrators reset devices; they never see a device's key or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The audit log (docs/deployment.md): its hash chain is keyed with HRPARKS_AUDIT_KEY (from the environment,
# never in the database; production refuses to start without one, and system check audit.E001 refuses a
# short key or the SECRET_KEY), and `manage.py audit_checkpoint` writes signed checkpoints of the chain
# head to HRPARKS_AUDIT_CHECKPOINT_DIR, outside the database, which verify_audit checks the log against.
if PRODUCTION:
    HRPARKS_AUDIT_KEY = os.environ["HRPARKS_AUDIT_KEY"]
else:
    HRPARKS_AUDIT_KEY = os.environ.get("HRPARKS_AUDIT_KEY", "dev-only-audit-key-never-use-it-in-production")
HRPARKS_AUDIT_CHECKPOINT_DIR = Path(os.environ.get("HRPARKS_AUDIT_CHECKPOINT_DIR", BASE_DIR / "audit-checkpoints"))

# Chinese first: Simplified Chinese by default, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale (make messages).
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Vendored front-end libraries and the site's own CSS (hrparks/ itself is not an app).
STATICFILES_DIRS = [BASE_DIR / "hrparks" / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded and generated files: the local disk by default; S3-compatible object storage (e.g. a MinIO
# in the bureau's data centre) when several app servers share them (docs/deployment.md).
if os.environ.get("FILE_STORAGE") == "s3":
    _file_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
            "access_key": os.environ.get("S3_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
            "region_name": os.environ.get("S3_REGION", "cn-north-1"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _file_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _file_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files bigger than this are refused (application materials, rosters, dossiers).
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# "default" is shared by every web and worker process (log-in and objection throttles must count
# across gunicorn workers); "local" is per process, for derived data that is cheap to rebuild and
# read many times per page (the working-day calendar of a year). `createcachetable` creates "default".
CACHES = {
    # Eligibility reports (one per park and data version) and the portal's throttle live here.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hrparks_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hrparks-local"},
}
# The cluster (docs/deployment.md, "The cluster"). REDIS_URL moves the shared cache to Redis. It stays a
# cache: while Redis restarts, reads miss and writes are dropped instead of failing the page.
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2},
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# DATABASE_POOLING=transaction: PostgreSQL through PgBouncer in transaction pooling, where every transaction
# may run on another server connection, so neither server-side cursors nor prepared statements survive.
if os.environ.get("DATABASE_POOLING") == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hrparks@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON with a size and a nesting limit, answered in the API's error format (hrparks/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "hrparks.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "hrparks.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "hrparks.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "hrparks API",
    "DESCRIPTION": "人力资源服务产业园管理平台 · HR service industrial park platform",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationKindEnum": "hrparks.applications.workflow.Kind.choices",
        "RoundKindEnum": "hrparks.evaluations.models.RoundKind",
        "ParkStatusEnum": "hrparks.parks.models.Park.Status",
        "CriterionStatusEnum": "hrparks.policy.engine.Status",
    },
}
# Reverse proxies in front of the app (their count): the portal's per-address throttles then read the
# visitor's address from X-Forwarded-For instead of the proxy's own.
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0"))

# Evaluation reminders: how many working days before a due date people are reminded.
EVALUATION_REMINDER_WORKING_DAYS = int(os.environ.get("EVALUATION_REMINDER_WORKING_DAYS", "5"))
APPLICATION_REMINDER_WORKING_DAYS = int(os.environ.get("APPLICATION_REMINDER_WORKING_DAYS", "2"))

# Policy files (YAML) live here; the one in force for a province is chosen by its id.
POLICY_DIR = BASE_DIR / "policies"
DEFAULT_POLICY_ID = os.environ.get("DEFAULT_POLICY_ID", "jilin-2022")
# The policies in force, one per authority the deployment hosts (ids or paths, comma-separated); empty: the default.
POLICIES_IN_FORCE = [p for p in os.environ.get("POLICIES_IN_FORCE", "").split(",") if p]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Security headers. Scripts only from our own origin: no inline scripts anywhere (data goes to
# pages through json_script, behaviour through static files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # behind the bureau's reverse proxy
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
