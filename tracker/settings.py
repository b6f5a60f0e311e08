"""Settings, from the environment only; every variable is listed in .env.example.

With nothing set, the embedded default runs: SQLite and a Celery broker on the
filesystem, both under var/. Outside DEBUG a missing secret stops start-up.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
DEBUG = env.bool("DEBUG", default=False)

_development_key = "insecure-development-key-only-used-with-DEBUG"
# Keys published with the code, so secret to no one: the .env.example placeholder (a test reads it
# from there) and the development key.
_published_keys = ("change-me-to-a-long-random-string", _development_key)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is not set: set it in the environment (or DEBUG=1 for development)")
    SECRET_KEY = _development_key
elif not DEBUG and SECRET_KEY in _published_keys:
    raise ImproperlyConfigured("SECRET_KEY is the published example value: set a random one of 50 characters or more")
elif not DEBUG and len(SECRET_KEY) < 50:
    # Django's deployment check asks for 50; sessions and the signed links in emails rest on it.
    raise ImproperlyConfigured(
        f"SECRET_KEY is {len(SECRET_KEY)} characters long: set a random one of 50 characters or more"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "recommendations",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tracker.middleware.RefuseNulCharacters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a locked-out admin login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide admin overrides (index with the dashboard, language switch) win over the apps.
        "DIRS": [BASE_DIR / "tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttle counters live in the cache. Several web processes need one they share: CACHE_URL such
# as redis://redis:6379/1 (Django's own RedisCache; django-environ would pick django-redis were it
# installed, and a test holds the backend). Without it each process counts alone, in memory.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}

# axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "tracker" / "static"]  # the favicon
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Email: EMAIL_URL such as smtp://user:pass@mailpit:1025 or consolemail://.
# Without it (the embedded default) each message is written as a file under var/mail.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "tracker.mailfiles.EmailBackend"  # one .eml per message, named by recipient and subject
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Recommendation Tracker <tracker@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Celery. The embedded default is kombu's filesystem transport: no server to run.
# The host named, though the filesystem has none: without one kombu warns at every connection.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "celery" / "queue"
    _queue.mkdir(parents=True, exist_ok=True)
    # control: the exchanges' bindings (broadcast, pidbox), which kombu would keep in the current directory.
    (VAR_DIR / "celery" / "control").mkdir(exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
elif CELERY_BROKER_URL.startswith("redis"):
    # How long an unacknowledged task waits before Redis hands it to another worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The static beat schedule: every entry names a registered task (a test checks).
CELERY_BEAT_SCHEDULE = {
    "purge-expired-api-tokens": {"task": "recommendations.tasks.purge_expired_tokens", "schedule": 24 * 3600},
    "fail-abandoned-import-jobs": {"task": "recommendations.tasks.fail_abandoned_import_jobs", "schedule": 300.0},
    "purge-finished-import-jobs": {"task": "recommendations.tasks.purge_finished_import_jobs", "schedule": 24 * 3600},
    "dispatch-webhooks": {"task": "notifications.tasks.dispatch_webhooks", "schedule": 10.0},
    "plan-reminders": {
        "task": "notifications.tasks.plan_reminders",
        "schedule": env.float("REMINDER_PLAN_EVERY_SECONDS", default=300.0),
    },
    "dispatch-reminders": {
        "task": "notifications.tasks.dispatch_reminders",
        "schedule": env.float("REMINDER_DISPATCH_EVERY_SECONDS", default=60.0),
    },
}

# The tracker's own limits and tunables: reminders, webhooks, upload and import sizes, staleness.
from .limits import *  # noqa: E402, F403

# Production hardening, on unless DEBUG; behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER_ENABLED=1.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading HSTS binds the whole domain for months: the operator opts in, the check need not nag.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Celery's lines for each task and beat tick at DEBUG, a 403 in one line (tracker/logs.py).
_routine = {"filters": ["routine_at_debug"]}
_log_level = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "routine_at_debug": {"()": "tracker.logs.RoutineAtDebug"},
        "one_line_forbidden": {"()": "tracker.logs.OneLineForbidden"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _log_level},
    "loggers": {
        # pdfminer warns once per glyph about fonts it reads all the same (thousands per report).
        "pdfminer": {"level": "ERROR"},
        "celery.worker.strategy": _routine,
        "celery.app.trace": _routine,
        "celery.beat": _routine,
        # Django's own console handler printed each of its lines a second time, beside the root's;
        # at DEBUG its SQL and file watching would bury the rest.
        "django": {"handlers": [], "level": "INFO" if _log_level == "DEBUG" else _log_level},
        "django.request": {"filters": ["one_line_forbidden"]},
    },
}

# Logins. The client's address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies in front append
# theirs to X-Forwarded-For: then it is the one the outermost of them saw. Anything further left in
# that header is the client's to invent. The throttles (NUM_PROXIES) and axes read the same one.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Lock-out (django-axes), on the admin's login and the API's: after AXES_FAILURE_LIMIT failed
# logins of one username from one address, that pair is refused for AXES_COOLOFF_MINUTES, the
# right password included; each refused try starts the wait again. The pair, as GitLab and OWASP
# advise, not the username alone, which would let anyone lock a coordinator out from anywhere; nor
# the address alone, which would lock a whole office behind one NAT address. Many usernames tried
# from one address meet the per-address login rate instead (API_THROTTLE_LOGIN, both logins).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # so Retry-After is the whole cool-off
# Failures are rows in the database, so every web process sees the same count and a restart
# forgets nothing; coordinators see them in the admin, and deleting one lifts its lock.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Its log of successful logins would give every API token login a session it never uses.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every start of every command; failures and lock-outs are still logged as warnings.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "recommendations.logins.client_address"
AXES_LOCKOUT_CALLABLE = "recommendations.logins.locked_out_page"

# Field history is for reading: a revert would bypass the workflow and its timeline.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The REST API. Tokens (knox) are stored hashed, expire, and can be revoked.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "recommendations.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "tracker.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON only: the document upload declares multipart itself.
    "DEFAULT_PARSER_CLASSES": ["tracker.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "recommendations.api.errors.exception_handler",  # tracker.api's, knowing ServiceError
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
        # Login attempts per client address, right or wrong, on both logins together.
        "login": env.str("API_THROTTLE_LOGIN", default="10/minute"),
    },
    # Without it DRF takes the whole X-Forwarded-For as the client: a new value, a new allowance.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Recommendation Tracker API",
    "DESCRIPTION": "Follow up the recommendations of United Nations reports: documents, items, transitions, "
    "events, webhooks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc assets come from the installed sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DocumentLanguageEnum": "recommendations.models.documents.Language",
        "ImportLanguageEnum": ["en", "zh"],
        "ItemKindEnum": "recommendations.models.items.Kind",
        "EventKindEnum": "recommendations.models.events.EventKind",
        "SectionKindEnum": "recommendations.models.documents.SectionKind",
    },
}
# Where the demo loader finds its data.
FIXTURES_DIR = BASE_DIR / "fixtures"
