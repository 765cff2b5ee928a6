"""Settings for every environment. Production differs only by environment variables.

See docs/deployment.md for the variables and their meaning.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KMT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY", required=not DEBUG, default="insecure-development-key-never-in-production"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "health_check",  # the /health/ page's template (khongmatuy.common.health)
    "leaflet",  # only its static files (Leaflet 1.9): the map works with no internet
    "django_tasks",
    "django_tasks_db",  # the queue's tables: background work on SQLite and PostgreSQL alike
    "khongmatuy.common",
    "khongmatuy.areas",
    "khongmatuy.accounts",
    "khongmatuy.audit",
    "khongmatuy.legal",
    "khongmatuy.people",
    "khongmatuy.places",
    "khongmatuy.cases",
    "khongmatuy.tips",
    "khongmatuy.prevention",
    "khongmatuy.criteria",
    "khongmatuy.plans",
    "khongmatuy.programme",
    "khongmatuy.reports",
    "khongmatuy.alerts",
    "khongmatuy.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "khongmatuy.common.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khongmatuy.accounts.middleware.SessionRenewalMiddleware",
    "khongmatuy.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "khongmatuy.common.middleware.NotFoundPageInDebugMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "khongmatuy.audit.middleware.AuditContextMiddleware",
    "khongmatuy.accounts.middleware.TwoFactorMiddleware",
    "khongmatuy.accounts.middleware.ScopeDeclarationMiddleware",
    # django-axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "khongmatuy" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "khongmatuy.accounts.context_processors.navigation",
                "khongmatuy.common.menu.menu_context",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "khongmatuy.common.templatetags.kmt_badges",
            ],
        },
    }
]

# Database: SQLite file by default so a fresh clone runs; DATABASE_URL switches to PostgreSQL.
# Each worker keeps its connection for DATABASE_CONN_MAX_AGE seconds and checks it before the
# first query of a request: after a database restart the next request reconnects, no app restart.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'khongmatuy.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, whose flush may empty the append-only audit log (see its docstring).
    DATABASES["default"]["ENGINE"] = "khongmatuy.common.db.sqlite3"
    # Tests use Django's shared in-memory database, as with the stock backend.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    # WAL lets the dev server read while a long import writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the correlated subqueries of list pages for longer than they
    # run (measured: 770 of 780 ms on the city data-quality page). Short OLTP queries here.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A PostgreSQL streaming replica for the reads of dashboards, overviews, maps and bulk
# evaluations (khongmatuy/common/replicas.py); writes and the reads of a transaction stay on the
# primary. Unset: everything on the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
KMT_READ_REPLICA = bool(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["khongmatuy.common.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the rate limits, so every worker process must share it. By default it is a
# table of the database above (no other server to run; created by ``migrate``); KMT_CACHE_URL
# (or REDIS_URL) switches to Redis, e.g. redis://127.0.0.1:6379/0.
KMT_CACHE_URL = env_str("KMT_CACHE_URL") or env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if KMT_CACHE_URL:
    if not KMT_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"KMT_CACHE_URL must be a redis://, rediss:// or unix:// URL, not {KMT_CACHE_URL!r}"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": KMT_CACHE_URL,
            "KEY_PREFIX": env_str("KMT_CACHE_PREFIX", "kmt"),
        }
    }
else:
    CACHES = {
        "default": {
            # Django's database cache whose counters hold across processes (common/cache.py).
            "BACKEND": "khongmatuy.common.cache.DatabaseCache",
            "LOCATION": "kmt_cache",
            # Never cull live counters to make room (Django's default keeps only 300 entries).
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
# django-ratelimit counts in that cache. Its check knows neither Django's own RedisCache nor the
# database cache above (whose increment is atomic, unlike Django's): both are shared and atomic.
RATELIMIT_USE_CACHE = "default"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("KMT_PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "khongmatuy.accounts.validators.CharacterClassValidator"},
]

# Failed logins. django-axes locks an account for one address after KMT_LOGIN_FAILURE_LIMIT wrong
# passwords from that address, for KMT_LOGIN_COOLOFF_MINUTES: a stranger elsewhere cannot lock an
# officer out, and one office's shared address does not lock out every officer behind it. An
# administrator lifts the lock on the user's page (accounts.services.user_login_unlock).
AXES_FAILURE_LIMIT = env_int("KMT_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KMT_LOGIN_COOLOFF_MINUTES", default=30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# One address trying many accounts (password spraying): after this many failed logins from one
# address within an hour, its logins are refused until the hour ends (django-ratelimit, in the
# shared cache; accounts/views.py).
KMT_LOGIN_ADDRESS_FAILURES_PER_HOUR = env_int(
    "KMT_LOGIN_ADDRESS_FAILURES_PER_HOUR", default=30, minimum=1
)
# Wrong two-factor codes in a row, counted per account across sessions: after this many the code
# step is refused for KMT_LOGIN_COOLOFF_MINUTES (or until an administrator lifts the lock).
KMT_2FA_FAILURE_LIMIT = env_int("KMT_2FA_FAILURE_LIMIT", default=5, minimum=1)
# django-ratelimit's warning that it does not know our caches (see RATELIMIT_USE_CACHE above).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Axes' attempt log records the same client address as the audit log.
AXES_CLIENT_IP_CALLABLE = "khongmatuy.common.http.client_ip"

# Sessions: the cookie age is an idle timeout because requests renew it; a request saves the
# session when its last save is older than KMT_SESSION_RENEW_SECONDS (accounts.middleware.
# SessionRenewalMiddleware), not on every request: an idle session ends at most that much
# earlier than KMT_SESSION_IDLE_MINUTES after the last request.
SESSION_COOKIE_AGE = env_int("KMT_SESSION_IDLE_MINUTES", default=120) * 60
SESSION_SAVE_EVERY_REQUEST = False
KMT_SESSION_RENEW_SECONDS = env_int("KMT_SESSION_RENEW_SECONDS", default=60, minimum=0)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form sent after its page expired gets the app's page, in the user's language, with a way back.
CSRF_FAILURE_VIEW = "khongmatuy.common.views.csrf_failure"
# Forms mark their required fields (common.forms.MarkedBoundField).
FORM_RENDERER = "khongmatuy.common.forms.FormRenderer"
# A choice of an area or a person with more options than this is a search box, not a dropdown.
KMT_AUTOCOMPLETE_OVER = env_int("KMT_AUTOCOMPLETE_OVER", default=100)
# Under DEBUG, the app's 404 page unless a developer asks for Django's technical one (docs/ui.md).
KMT_TECHNICAL_404 = env_bool("KMT_TECHNICAL_404", default=False)

# HTTPS and secure headers: on by default outside DEBUG, each overridable.
SECURE_HTTPS = env_bool("KMT_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_bool("KMT_SSL_REDIRECT", default=SECURE_HTTPS)
SECURE_HSTS_SECONDS = env_int("KMT_HSTS_SECONDS", default=31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
# Reverse proxies in front of the app: the client's address is the X-Forwarded-For entry that the
# outermost of these appended (khongmatuy.common.http.client_ip). KMT_BEHIND_PROXY=true is the
# older spelling of one hop.
KMT_PROXY_HOPS = env_int(
    "KMT_PROXY_HOPS", default=1 if env_bool("KMT_BEHIND_PROXY", default=False) else 0, minimum=0
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if KMT_PROXY_HOPS else None
# Load balancers and container runtimes probe the health page over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content security policy: everything is served by the app itself; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Two-factor (TOTP): required for police roles when this is on (default: on outside DEBUG).
KMT_REQUIRE_2FA_FOR_POLICE = env_bool("KMT_REQUIRE_2FA_FOR_POLICE", default=not DEBUG)
OTP_TOTP_ISSUER = "Không Ma Túy"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "khongmatuy" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["khongmatuy.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
# collectstatic writes here; the container keeps it in the image, apart from the data volume.
STATIC_ROOT = Path(env_str("KMT_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "khongmatuy" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
# manage.py kmt_backup writes its archives here (docs/deployment.md: backup and restore).
KMT_BACKUP_DIR = Path(env_str("KMT_BACKUP_DIR", str(VAR_DIR / "backups")))
# Bounded work per request. A request body larger than KMT_REQUEST_MAX_BYTES is refused with a
# 413 page before it is read (common.middleware.RequestSizeLimitMiddleware): the largest form is
# a tip with three 5 MB photos. Form fields other than files: at most DATA_UPLOAD_MAX_MEMORY_SIZE
# bytes and DATA_UPLOAD_MAX_NUMBER_FIELDS fields (more is a 400 page). Uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
KMT_REQUEST_MAX_BYTES = env_int("KMT_REQUEST_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("KMT_DATA_UPLOAD_MAX_BYTES", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("KMT_DATA_UPLOAD_MAX_FIELDS", default=5000)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("KMT_FILE_UPLOAD_MEMORY_BYTES", default=5 * 1024 * 1024)
KMT_IMPORT_MAX_BYTES = env_int("KMT_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# An .xlsx is a zip: refused when its members expand beyond this in all (common/xlsx.py).
KMT_IMPORT_MAX_UNZIPPED_BYTES = env_int("KMT_IMPORT_MAX_UNZIPPED_BYTES", default=50 * 1024 * 1024)
KMT_IMPORT_MAX_ROWS = env_int("KMT_IMPORT_MAX_ROWS", default=5000)

# Background work (khongmatuy.common.jobs): django-tasks with its database backend; the worker is
# `manage.py run_worker` (django-tasks-db's db_worker plus the schedule of periodic jobs).
TASKS = {
    "default": {
        "BACKEND": env_str("KMT_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A job still running after this many minutes was left by a dead worker and is queued again.
KMT_JOB_STALE_MINUTES = env_int("KMT_JOB_STALE_MINUTES", default=30)
# An export of more rows than this is written by the worker, the user follows its progress.
KMT_EXPORT_BACKGROUND_ROWS = env_int("KMT_EXPORT_BACKGROUND_ROWS", default=5000)
# The health page (/health/) fails when the disk holding KMT_VAR_DIR is this full (percent).
KMT_HEALTH_DISK_PERCENT = env_int("KMT_HEALTH_DISK_PERCENT", default=90, minimum=1)
# A person's record not updated for this many days is "stale" on the data-quality pages.
KMT_STALE_DAYS = env_int("KMT_STALE_DAYS", default=90)
# An .xlsx export holding sensitive columns (citizen IDs, notes) must carry a password the user
# types; off: the password is offered on every export but optional.
KMT_EXPORT_PASSWORD_REQUIRED = env_bool("KMT_EXPORT_PASSWORD_REQUIRED", default=False)
# A conditional business not inspected for this many days is listed for inspection: the starting
# value of a local rule that an administrator sets on the legal-values page (places/legal.py).
KMT_INSPECTION_INTERVAL_DAYS = env_int("KMT_INSPECTION_INTERVAL_DAYS", default=180)

# The public tip form (no outside service): a form is refused if sent faster than this after it
# was shown (bots), and each client (salted IP hash) may send only so many tips and status lookups.
# Map tiles only when the office has a tile server (its host must then be added to the CSP's
# img-src); without one the map draws points over a latitude/longitude grid.
KMT_MAP_TILE_URL = env_str("KMT_MAP_TILE_URL", "")
KMT_MAP_TILE_ATTRIBUTION = env_str("KMT_MAP_TILE_ATTRIBUTION", "")
if KMT_MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(KMT_MAP_TILE_URL.replace("{s}", "a"))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

KMT_TIP_MIN_SECONDS = env_int("KMT_TIP_MIN_SECONDS", default=3)
KMT_TIP_RATE_PER_HOUR = env_int("KMT_TIP_RATE_PER_HOUR", default=5)
KMT_TIP_RATE_PER_DAY = env_int("KMT_TIP_RATE_PER_DAY", default=20)
KMT_TIP_LOOKUPS_PER_HOUR = env_int("KMT_TIP_LOOKUPS_PER_HOUR", default=20)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "khongmatuy.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "khongmatuy.common.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["khongmatuy.accounts.authentication.TokenRateThrottle"],
}
# Requests one API token (or one browser session) may make: "<n>/<second|minute|hour|day>".
KMT_API_RATE = env_str("KMT_API_RATE", "3600/hour")
if not re.fullmatch(r"[1-9][0-9]{0,8}/(s|sec|second|m|min|minute|h|hour|d|day)", KMT_API_RATE):
    raise ImproperlyConfigured(f"KMT_API_RATE must read like 3600/hour, not {KMT_API_RATE!r}")
SPECTACULAR_SETTINGS = {
    "TITLE": "Không Ma Túy API",
    "DESCRIPTION": "API của hệ thống quản lý xây dựng địa bàn không ma túy. "
    "Phạm vi dữ liệu giống hệt giao diện web: mỗi tài khoản chỉ thấy địa bàn được giao.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("kind", "status") get their own component names.
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "khongmatuy.areas.models.Kind",
        "EpisodeKindEnum": "khongmatuy.people.choices.EpisodeKind",
        "EpisodeStatusEnum": "khongmatuy.people.choices.EpisodeStatus",
        "SupervisorKindEnum": "khongmatuy.people.choices.SupervisorKind",
        "TransferStatusEnum": "khongmatuy.people.choices.TransferStatus",
        "PlaceKindEnum": "khongmatuy.places.models.Place.Kind",
        "PlaceStatusEnum": "khongmatuy.places.models.Place.Status",
        "BusinessKindEnum": "khongmatuy.places.models.Business.Kind",
        "CameraStatusEnum": "khongmatuy.places.models.Camera.Status",
        "CaseKindEnum": "khongmatuy.cases.models.Case.Kind",
        "CaseStatusEnum": "khongmatuy.cases.models.Case.Status",
        "CasePersonRoleEnum": "khongmatuy.cases.models.CasePerson.Role",
        "TipStatusEnum": "khongmatuy.tips.models.Tip.Status",
        "TipCategoryEnum": "khongmatuy.tips.models.Tip.Category",
        "TipOutcomeEnum": "khongmatuy.tips.models.Tip.Outcome",
        "RecognitionStatusEnum": "khongmatuy.criteria.models.Recognition.Status",
        "AuditActionEnum": "khongmatuy.audit.models.AuditEvent.Action",
        "ActivityFormEnum": "khongmatuy.prevention.choices.ActivityForm",
        "ContactFormEnum": "khongmatuy.people.choices.ContactForm",
        "DrugFreeModelKindEnum": "khongmatuy.prevention.models.DrugFreeModel.Kind",
        "DrugFreeModelStatusEnum": "khongmatuy.prevention.models.DrugFreeModel.Status",
        "RoadmapTargetMeasureEnum": "khongmatuy.criteria.models.RoadmapTarget.Measure",
        "IndicatorMeasureEnum": "khongmatuy.programme.choices.Measure",
    },
}

# Days off that count against working-day limits (khongmatuy.common.public_holidays): Vietnam's
# public holidays come from the `holidays` package (Labour Code 2019 Art. 112, with the
# Government's yearly swaps); a swap announced after the installed version is added here
# (KMT_EXTRA_HOLIDAYS=2027-02-03,2027-02-11, ISO dates).
KMT_EXTRA_HOLIDAYS = env_list("KMT_EXTRA_HOLIDAYS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KMT_LOG_LEVEL", "WARNING")},
}

# Reminders and warnings (khongmatuy.alerts). A reminder overdue by this many days also reaches
# the area's leaders; a positive test waits at most KMT_ALERTS_FOLLOW_UP_DAYS for its follow-up
# and a reconciliation round stays open at most KMT_ALERTS_ROUND_OPEN_DAYS (local rules: no law
# fixes them).
KMT_ALERTS_ESCALATE_AFTER_DAYS = env_int("KMT_ALERTS_ESCALATE_AFTER_DAYS", default=3, minimum=1)
KMT_ALERTS_FOLLOW_UP_DAYS = env_int("KMT_ALERTS_FOLLOW_UP_DAYS", default=7, minimum=1)
KMT_ALERTS_ROUND_OPEN_DAYS = env_int("KMT_ALERTS_ROUND_OPEN_DAYS", default=30, minimum=1)
# From this day of the month, a residential group not yet reached by communication this month is
# a reminder to its leader and the commune police (the plans ask "ít nhất 01 lần/tháng").
KMT_ALERTS_COMMUNICATION_FROM_DAY = env_int(
    "KMT_ALERTS_COMMUNICATION_FROM_DAY", default=20, minimum=1
)
# A report period closing within this many days without a draft reminds the commune police.
KMT_ALERTS_REPORT_DRAFT_DAYS = env_int("KMT_ALERTS_REPORT_DRAFT_DAYS", default=5, minimum=1)
# The worker computes and delivers reminders every KMT_ALERTS_SWEEP_MINUTES and sends the daily
# e-mail digests at KMT_ALERTS_DIGEST_AT (local time, HH:MM).
KMT_ALERTS_SWEEP_MINUTES = env_int("KMT_ALERTS_SWEEP_MINUTES", default=5, minimum=1)
KMT_ALERTS_DIGEST_AT = time.fromisoformat(env_str("KMT_ALERTS_DIGEST_AT") or "06:30")
# The daily digest and immediate reminders by e-mail, through Django's e-mail backends: SMTP
# configured by the environment in production, the console in development (dev.py).
EMAIL_BACKEND = env_str("KMT_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("KMT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KMT_EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env_str("KMT_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("KMT_EMAIL_HOST_PASSWORD", required=False, default="")
EMAIL_USE_TLS = env_bool("KMT_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("KMT_EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("KMT_EMAIL_TIMEOUT", default=30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("KMT_EMAIL_FROM", "khong-ma-tuy@localhost")
# The address the links of an e-mail start with (no request to read it from).
KMT_SITE_URL = env_str("KMT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
