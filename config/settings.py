"""Settings for Thi đua, read from environment variables (12-factor).

One module for every environment. Defaults are production-safe: DEBUG is off
unless asked for, and when it is off the security settings are strict.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Deployments must set SECRET_KEY; the fallback starts with "django-insecure" so
# that `manage.py check --deploy` flags any deployment that forgot it.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-thidua-local-development-key-do-not-deploy-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc's script as a static file (no CDN; CSP script-src 'self')
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "clusters",
    "emulation",
    "awards",
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.pagecache.PageCacheMiddleware",  # a signed-in user's page again, nothing written since: from the cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.i18n.ChosenLanguageMiddleware",  # Vietnamese unless the user switched (ignores Accept-Language)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",  # deny by default
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# PostgreSQL everywhere except the self-contained demo (manage.py rundemo).
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/thidua"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# Recover after a PostgreSQL restart: a persistent connection is checked before a request reuses it
# (tests/cross/test_faults.py restarts a private cluster under a running server).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# No JIT compilation: the pages' queries are short, and PostgreSQL compiled some (the award-history search,
# costed high for its 500,000 rows) for ~350 ms to run them in ~50 ms. DATABASE_JIT=1 turns it back on.
# No parallel workers by default either: starting them added ~10 ms to queries that run in ~5 ms (the proposal
# queue, the fairness counts) and, under load, took the CPU other requests were waiting for.
# DATABASE_PARALLEL_WORKERS sets max_parallel_workers_per_gather (e.g. for a Celery worker compiling reports).
# Join orders searched up to 4 tables at a time (PostgreSQL: 8): the list pages join up to 9 tables for what
# they show, and planning the proposal queue's query took ~15 ms to run it in ~6 ms (~2.5 ms with 4).
# DATABASE_JOIN_COLLAPSE_LIMIT sets join_collapse_limit and from_collapse_limit.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _options = [] if env.bool("DATABASE_JIT", default=False) else ["-c jit=off"]
    _options.append(f"-c max_parallel_workers_per_gather={env.int('DATABASE_PARALLEL_WORKERS', default=0)}")
    _collapse = env.int("DATABASE_JOIN_COLLAPSE_LIMIT", default=4)
    _options += [f"-c join_collapse_limit={_collapse}", f"-c from_collapse_limit={_collapse}"]
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = " ".join(
        [DATABASES["default"]["OPTIONS"].get("options", ""), *_options]
    ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "clusters.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
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

# --- Throttled login (django-axes) ----------------------------------------------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Password spraying: failed logins from one address across all accounts, within AXES_COOLOFF_TIME, before that
# address is refused (clusters.forms.accounts.LoginForm). Higher than the per-account limit: an office shares
# one address.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
# Signing a pledge asks for the password again; wrong that many times, signing (not the login) is locked.
SIGNING_FAILURE_LIMIT = env.int("SIGNING_FAILURE_LIMIT", default=5)
SIGNING_LOCK_MINUTES = env.int("SIGNING_LOCK_MINUTES", default=15)

# --- i18n: Vietnamese first, English available ---------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# One Vietnamese format for dates and numbers in both languages (dd/mm/yyyy, 1.234,5): clusters/formats.py
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media -------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded evidence and attachments: size and type limits (see clusters.uploads).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# PDF digital signatures (PAdES, clusters/signatures.py): the system's key and certificate (PEM), the CAs that issued
# it, and the roots a signature must chain to (the government CA's root for USB-token certificates, the system's own
# certificate or CA). `manage.py make_signing_key <dir>` writes a self-signed pair for development. Without a key,
# documents are issued unsigned (the deploy check warns).
PADES_KEY_FILE = env("PADES_KEY_FILE", default="")
PADES_CERT_FILE = env("PADES_CERT_FILE", default="")
PADES_CHAIN_FILES = env.list("PADES_CHAIN_FILES", default=[])
PADES_TRUST_ROOTS = env.list("PADES_TRUST_ROOTS", default=[])

# Webhooks (clusters/services/webhooks.py): attempts per delivery, the first retry's delay (then ×4 each time), the
# POST's timeout; receivers on http:// or on private addresses only where a deployment allows it (tests, an
# internal LGSP on the province's network).
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=6)
WEBHOOK_RETRY_SECONDS = env.int("WEBHOOK_RETRY_SECONDS", default=60)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=False)
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False)
# A zip container (.docx, .xlsx, .odt, .ods) is refused before parsing past these bounds (clusters/uploads.py).
UPLOAD_ZIP_MAX_MEMBERS = env.int("UPLOAD_ZIP_MAX_MEMBERS", default=2000)
UPLOAD_ZIP_MAX_EXPANDED_BYTES = env.int("UPLOAD_ZIP_MAX_EXPANDED_BYTES", default=50 * 1024 * 1024)
UPLOAD_ZIP_MAX_RATIO = env.int("UPLOAD_ZIP_MAX_RATIO", default=200)
# The most data rows one Excel import reads (award records, units, people, accounts: clusters/imports.py).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2.5 * 1024 * 1024

# --- REST API (issue 20 item 1; clusters/api/base.py) ---------------------------------------------------------
# Service accounts authenticate with "Authorization: Bearer <token>"; a signed-in user's session reads it too (the
# schema page). Each token has API_RATE requests (DRF's form: "600/min"), counted in the default cache (Redis).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "clusters.api.auth.ServiceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["clusters.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env("API_RATE", default="600/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "clusters.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "clusters.api.base.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thi đua API",
    "DESCRIPTION": _(
        "API của hệ thống Thi đua, khen thưởng: danh mục danh hiệu, đơn vị, cụm khối thi đua, giao ước đã ký kết, "
        "hồ sơ khen thưởng, quyết định; nộp hồ sơ đề nghị khen thưởng."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AwardTargetEnum": "awards.models.AwardTarget",
        "ProposalStatusEnum": "awards.models.ProposalStatus",
        "DecisionStatusEnum": "awards.models.DecisionStatus",
        "PledgeStatusEnum": "emulation.models.PledgeStatus",
        "AttachmentKindEnum": "awards.models.AttachmentKind",
        "ProposalKindEnum": "awards.models.ProposalKind",
        "AwardKindEnum": "awards.models.AwardKind",
        "GroupKindEnum": "clusters.models.GroupKind",
        "UnitKindEnum": "clusters.models.UnitKind",
    },
}

# --- Cache ------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# A Redis cache that is down or frozen fails within seconds instead of hanging the request (the reviewer
# dashboard's cached fairness figures and their invalidation on writes fall back to computing).
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["default"]["BACKEND"] = "config.cache.RedisCache"  # one redis-py client per pool, not per call
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=env.float("REDIS_CONNECT_TIMEOUT", default=2),
        socket_timeout=env.float("REDIS_SOCKET_TIMEOUT", default=5),
    )

# Whole pages kept per session until the database changes (config/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_MAX_BYTES = env.int("PAGE_CACHE_MAX_BYTES", default=1024 * 1024)
PAGE_CACHE_RETRY_SECONDS = env.float("PAGE_CACHE_RETRY_SECONDS", default=30)

# --- Celery (Redis) -------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task killed mid-way is redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis down or frozen: queueing a report fails within seconds (and the page says so) instead of hanging.
# A task whose whole worker died (SIGKILL, lost machine) goes back on the queue after visibility_timeout,
# which must stay longer than CELERY_TASK_TIME_LIMIT. CELERY_BROKER_TRANSPORT_OPTIONS (JSON) overrides
# any of these, e.g. a small visibility_timeout in tests/cross/test_faults.py.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=2),
    "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=5),
    **env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={}),
}
# Task state lives in the app's own rows (e.g. Report.status), never in Celery results: with results
# ignored, sending a task does not wait on the result store, which retries for ~20 s when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 30 * 60
# Background jobs (clusters.jobs): a report or export pending with no sign of life (queued, started, progress)
# for this long has lost its worker or its message; Celery beat queues it again, once, then fails it.
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=10 * 60)
JOB_MAX_REQUEUES = env.int("JOB_MAX_REQUEUES", default=1)
CELERY_TIMEZONE = TIME_ZONE
# Celery beat (docker-compose.yml's beat service): report and export requests kept while the queue was down are
# queued once it is back, stale ones (JOB_STALE_SECONDS) once again; expired sessions deleted nightly.
CELERY_BEAT_SCHEDULE = {
    "requeue-unqueued-statistics": {  # stats: statutory statistics compiles
        "task": "emulation.tasks.requeue_unqueued_statistics",
        "schedule": env.float("REPORT_REQUEUE_SECONDS", default=60),
    },
    "requeue-unqueued-reports": {
        "task": "emulation.tasks.requeue_unqueued_reports",
        "schedule": env.float("REPORT_REQUEUE_SECONDS", default=60),
    },
    "requeue-unqueued-exports": {
        "task": "awards.tasks.requeue_unqueued_exports",
        "schedule": env.float("REPORT_REQUEUE_SECONDS", default=60),
    },
    # issue 18 item 2: the holders of dossiers due tomorrow or overdue in a board's review steps, once a day each
    "remind-review-deadlines": {"task": "awards.tasks.remind_review_deadlines", "schedule": 60 * 60},
    "clear-expired-sessions": {"task": "config.tasks.clear_expired_sessions", "schedule": 24 * 60 * 60},
    "prune-page-cache-writes": {"task": "config.tasks.prune_page_cache_writes", "schedule": 60 * 60},
    "resend-stale-webhooks": {"task": "clusters.tasks.resend_stale_webhooks", "schedule": 5 * 60},
}

# --- E-mail -----------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Thi đua <no-reply@thidua.local>")

# --- Forms ------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # docker-compose's health check calls plain HTTP inside the network
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Pagination size for every list page.
PAGE_SIZE = 25
#: List pages count at most this many rows ("hơn 10.000 kết quả"); the pages past them are reached by cursors
#: (clusters.web.paginate), so a deep page costs what the first one does.
PAGE_COUNT_BOUND = env.int("PAGE_COUNT_BOUND", default=10_000)
# The most award records one Excel export may hold; a larger selection is refused with a message asking to filter.
RECORD_EXPORT_MAX_ROWS = env.int("RECORD_EXPORT_MAX_ROWS", default=20_000)

# `manage.py benchmark` only: mount the bare view (/benchmark/bare/, no database, no template) that the
# key pages' throughput is compared with. Off everywhere else, where the route does not exist.
BENCHMARK_BARE_VIEW = env.bool("BENCHMARK_BARE_VIEW", default=False)
