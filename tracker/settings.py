"""Settings, read from the environment.

DATABASE_URL unset gives a SQLite file beside manage.py; a postgres:// URL gives PostgreSQL.
SECRET_KEY is required unless DJANGO_DEBUG is on.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)


def read_secret_key() -> str:
    """SECRET_KEY from the environment, else from the file SECRET_KEY_FILE names, else from the
    `.secret_key` file that `make run` writes beside manage.py."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = os.environ.get("SECRET_KEY_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE {path!r} cannot be read: {exc.strerror}.") from None
    local = BASE_DIR / ".secret_key"
    return local.read_text(encoding="utf-8").strip() if local.is_file() else ""


SECRET_KEY = read_secret_key()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or SECRET_KEY_FILE, "
            "or DJANGO_DEBUG=1 for a development server)."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - only with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "commitments",
]

# Failed logins (admin and API token) are counted by django-axes: after AXES_FAILURE_LIMIT failures for
# one user name from one address, that pair is locked out for AXES_COOLOFF_TIME; a success resets it.
# Behind the proxy every client has the proxy's address, so in effect the lockout is per user name.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = _("Too many failed logins: this account is locked from here for a while. Try again later.")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tracker.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: it turns a lockout into the answer the client sees.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Each role's to-do counts in the admin's header and home (read only when a page shows them).
                "commitments.admin.home.todo_context",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # Server-side parameters let psycopg prepare a statement after its fifth run on a connection, so the
    # hot pages' queries are planned once per worker instead of on every request. Turn it off behind a
    # pooler in transaction mode (PgBouncer before 1.21), which cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    session = []
    if not env_bool("DATABASE_JIT", False):
        # The summaries are single queries over up to 100,000 rows: PostgreSQL's JIT compiles them anew
        # each time, for longer than it saves (measured in docs/performance.md). DATABASE_JIT=1 leaves the
        # server's setting alone.
        session.append("-c jit=off")
    if page_cost := os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1"):
        # PostgreSQL's default (4) prices a random read as on a spinning disk and then prefers scanning a
        # whole table to looking rows up by index; 1.1 is its documentation's figure for SSDs. Set it
        # empty to leave the server's setting alone.
        try:
            session.append(f"-c random_page_cost={float(page_cost)}")
        except ValueError:
            raise ImproperlyConfigured(
                f"DATABASE_RANDOM_PAGE_COST must be a number (or empty), not {page_cost!r}."
            ) from None
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join([options.get("options", ""), *session]).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A writer waits for a busy database instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
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
WHITENOISE_USE_FINDERS = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    # Token first: an anonymous call is then answered 401 with `WWW-Authenticate: Token`, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "commitments.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["commitments.api.permissions.ApiPermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "commitments.api.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "commitments.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["commitments.api.filtering.GivenFiltersBackend"],
    "DEFAULT_PAGINATION_CLASS": "commitments.api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "commitments.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Requests a client may make per period where a view asks for a scope (DRF's throttles, counted in the
    # cache: per process with the default local-memory cache). The schema is the costliest public read.
    # Anonymous clients and users in general are not throttled unless TRACKER_ANON_THROTTLE or
    # TRACKER_USER_THROTTLE is set (deploy/env.example suggests values).
    "DEFAULT_THROTTLE_CLASSES": [
        name
        for name, variable in (
            ("rest_framework.throttling.AnonRateThrottle", "TRACKER_ANON_THROTTLE"),
            ("rest_framework.throttling.UserRateThrottle", "TRACKER_USER_THROTTLE"),
        )
        if os.environ.get(variable)
    ],
    "DEFAULT_THROTTLE_RATES": {
        "schema": os.environ.get("TRACKER_SCHEMA_THROTTLE", "") or "60/minute",
        "login": os.environ.get("TRACKER_LOGIN_THROTTLE", "") or "20/minute",
        "anon": os.environ.get("TRACKER_ANON_THROTTLE") or None,
        "user": os.environ.get("TRACKER_USER_THROTTLE") or None,
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Work report commitment tracker API",
    "DESCRIPTION": "Commitments of government work reports (政府工作报告), their progress updates and reports.",
    "VERSION": "1.0.0",
    # Separate request and response components: read-only fields (status, progress, version …) are not inputs.
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page works offline: Swagger UI's assets come from drf-spectacular-sidecar, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, whatever the field is called where it appears.
    "ENUM_NAME_OVERRIDES": {
        "CommitmentKindEnum": "commitments.choices.CommitmentKind",
        "CommitmentStatusEnum": "commitments.choices.CommitmentStatus",
        "ComparatorEnum": "commitments.choices.Comparator",
        "DepartmentKindEnum": "commitments.choices.DepartmentKind",
        "FirmnessEnum": "commitments.choices.Firmness",
        "RagEnum": "commitments.choices.Rag",
        "SourceKindEnum": "commitments.choices.SourceKind",
        "UpdateStateEnum": "commitments.choices.UpdateState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "commitments.api.schema.add_error_responses",
    ],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS: each switch is off by default (make run serves plain HTTP on 127.0.0.1) and on in production, as
# deploy/env.example sets them; `manage.py check --deploy` passes with that file (tests/test_deploy_check.py).
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind the TLS proxy (nginx sets X-Forwarded-Proto): requests count as HTTPS, so the API's links are
# https:// and the redirect does not loop. Only behind a proxy that always sets (or strips) the header.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A database outage is logged once, not once per request (commitments/outage.py).
    "filters": {"once_per_outage": {"()": "commitments.outage.OncePerOutage"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["once_per_outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The audit history is read-only: reverting through it would bypass the services' rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Tracking rules
TRACKER_RAG_TOLERANCE = env_int("TRACKER_RAG_TOLERANCE", 10)
# An "about" target (约/近/左右) is met from this many percent below its value.
TRACKER_ABOUT_TOLERANCE = env_int("TRACKER_ABOUT_TOLERANCE", 10)
# Maker-checker: whoever wrote or submitted an update may not approve it (0 for a one-person office).
TRACKER_MAKER_CHECKER = env_bool("TRACKER_MAKER_CHECKER", True)
# API tokens stop working this long after they were issued (30 days unless set); a login issues a new one.
TRACKER_TOKEN_TTL_HOURS = env_int("TRACKER_TOKEN_TTL_HOURS", 30 * 24)
# How deep a JSON request body may nest (the API's own bodies nest three or four levels).
TRACKER_JSON_MAX_DEPTH = env_int("TRACKER_JSON_MAX_DEPTH", 32)
# Largest evidence file accepted, in bytes (10 MB unless set).
TRACKER_EVIDENCE_MAX_BYTES = env_int("TRACKER_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# E-mail: the console by default (printed, not sent); SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "督查室 <duchashi@localhost>")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")

# Supervision (督办): report due day, reminder window, escalation delay.
SUPERVISION_REPORT_DUE_DAY = env_int("SUPERVISION_REPORT_DUE_DAY", 25)
if not 1 <= SUPERVISION_REPORT_DUE_DAY <= 31:
    raise ImproperlyConfigured("SUPERVISION_REPORT_DUE_DAY must be between 1 and 31.")
SUPERVISION_REMINDER_DAYS = env_int("SUPERVISION_REMINDER_DAYS", 3)
SUPERVISION_ESCALATE_AFTER_DAYS = env_int("SUPERVISION_ESCALATE_AFTER_DAYS", 7)
# 督办单: the number's prefix when the report sets none (江督〔2020〕12号), and the issuing office's name.
SUPERVISION_NOTICE_PREFIX = os.environ.get("SUPERVISION_NOTICE_PREFIX", "督")
SUPERVISION_OFFICE_NAME = os.environ.get("SUPERVISION_OFFICE_NAME", "督查室")
