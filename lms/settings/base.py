"""Settings shared by every environment, read from environment variables.

With no variables set Rumo runs embedded: SQLite in WAL mode, a Celery broker in a folder on
disk and a local-memory cache. ``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``CACHE_URL`` switch
to PostgreSQL and Redis. Every variable is listed in ``.env.example``.
"""

from pathlib import Path

import environ

# Response headers (Content-Security-Policy, Permissions-Policy, framing) have their own module.
from .headers import *  # noqa: F403
from .stores import BROKER_REDIS_TRANSPORT_OPTIONS, TASK_PUBLISH_RETRY_POLICY, cache_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lms.core",
    "lms.audit",
    "lms.accounts",
    "lms.programmes",
    "lms.cohorts",
    "lms.progress",
    "lms.quizzes",
    "lms.portfolio",
    "lms.participants",
    "lms.surveys",
    "lms.business",
    "lms.learner",
    "lms.facilitation",
    "lms.reports",
    "lms.privacy",
    "lms.api",
    "curriculum",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so static files are compressed in development too (in production
    # WhiteNoise sends the files compressed by collectstatic, which this leaves alone).
    "lms.core.middleware.CompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lms.core.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "curriculum.middleware.MediaInUseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.audit.context.AuditRequestMiddleware",
    "lms.accounts.mfa.MfaMiddleware",
    "lms.accounts.middleware.PasswordChangeRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

# --- Data stores -------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rumo.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the Celery worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # A writer waits for another's transaction (the demo seed's are long) up to 20 s.
        "timeout": 20,
    }
# Persistent connections on both databases: a worker that reopened its connection for every
# request would pay for it each time (on SQLite about 4 ms of CPU: the connection's set-up
# and the pragmas above, more than most pages' own queries).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(env.str("CACHE_URL", default="locmemcache://rumo"))}
# A Redis cache that fails is logged (once per operation, one line) and read as empty.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "lms.cache"
# Sessions are read from the cache and written through to the database: one query less on
# every signed-in request, nobody is logged out when the cache is flushed, and with the cache
# down they are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery ------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL == "filesystem://":
    # The folder transport ignores the host, but kombu warns on every connection without one.
    CELERY_BROKER_URL = "filesystem://localhost/"
# A broker that is down or hangs never holds a request for long (lms/settings/stores.py).
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_REDIS_TRANSPORT_OPTIONS["socket_connect_timeout"]
CELERY_TASK_PUBLISH_RETRY_POLICY = TASK_PUBLISH_RETRY_POLICY
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = dict(BROKER_REDIS_TRANSPORT_OPTIONS)
CELERY_BROKER_FOLDER = Path(env.str("CELERY_BROKER_FOLDER", default=str(VAR_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (CELERY_BROKER_FOLDER / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "out"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "out"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Only tasks that ask keep a result (the workers' health ping): in Redis beside the broker, or
# in a folder in the embedded setup.
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else f"file://{VAR_DIR / 'results'}",
)
CELERY_RESULT_EXPIRES = 60 * 60
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE = {
    "purge-old-visit-logs": {
        "task": "lms.privacy.tasks.visit_logs_purge_task",
        "schedule": 6 * 60 * 60.0,
    },
    "requeue-stale-videos": {
        "task": "curriculum.tasks.videos_requeue_stale_task",
        "schedule": 5 * 60.0,
    },
    "publish-scheduled-pages": {
        "task": "curriculum.tasks.pages_publish_scheduled_task",
        "schedule": 60.0,
    },
    # Survey rounds open on their due date: hourly is soon enough, and cheap (idempotent).
    "open-due-survey-rounds": {
        "task": "lms.surveys.tasks.rounds_open_due_task",
        "schedule": 60 * 60.0,
    },
}
# Retention: visit-log rows (one per visit to a lesson) are purged after this many days; the
# per-lesson summaries stay.
RUMO_RETAIN_VISIT_LOGS_DAYS = env.int("RUMO_RETAIN_VISIT_LOGS_DAYS", default=400)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Accounts ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any password check while the account or connection is locked.
    "lms.accounts.backends.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "lms.accounts.backends.PhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Many learners have no email address: username is the login, email is optional.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {
    "login": "lms.accounts.forms.LoginForm",
    "signup": "lms.accounts.forms.SignupForm",
    "change_password": "lms.accounts.forms.ChangePasswordForm",
    "reset_password": "lms.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "lms.accounts.forms.ResetPasswordKeyForm",
}
ACCOUNT_ADAPTER = "lms.accounts.adapter.AccountAdapter"
ACCOUNT_USERNAME_MIN_LENGTH = 3
# A class of 25 often signs up and logs in at once from one shared connection (one IP), so
# per-IP limits are generous; guessing one account's password is still stopped per account.
# The last two are Rumo's login guard (lms/accounts/guard.py), applied to every password check
# whichever form makes it: failures per account (whatever identifier was typed) and per IP.
# "login" counts every attempt, right or wrong: a whole school behind one NAT address (250
# learners arriving within a minute, measured by tests/perf/load_learners.py) must fit, so it
# only caps floods; guessing is stopped by the failure limits.
ACCOUNT_RATE_LIMITS = {
    "signup": "40/m/ip,200/h/ip",
    "login": "300/m/ip",
    "login_failed": "60/m/ip,5/5m/key",
    "login_failed_account": "5/5m/key",
    "login_failed_ip": "60/m/ip",
    "reset_password": "20/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    # Wrong group join codes (lms/cohorts/joining.py): a class shares a connection.
    "join_code_failed_ip": "30/10m/ip",
    "join_code_failed_account": "10/10m/key",
}
# Messages are shown in the language of the page that shows them (lms/core/messages.py).
MESSAGE_STORAGE = "lms.core.messages.LocalisedMessageStorage"
LOGIN_URL = "account_login"
# One way in: Wagtail's admin and front-end logins send people to allauth's (login guard, MFA).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Two-step verification (lms/accounts/mfa.py): an authenticator app's codes plus recovery
# codes. Required of superusers, programme managers and curriculum reviewers when
# RUMO_REQUIRE_MFA is on (production's default; off in the embedded demo and in tests).
RUMO_REQUIRE_MFA = env.bool("RUMO_REQUIRE_MFA", default=False)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rumo"
# Rumo never verifies e-mail addresses (many learners have none), so allauth's rule that
# only verified addresses may add an authenticator would shut everyone with an e-mail out.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Behind a reverse proxy, where the client's address is (see lms/accounts/checks.py).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("RUMO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("RUMO_CLIENT_IP_HEADER", default="") or None
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "pt-br"
LANGUAGES = [
    ("pt-br", "Português (Brasil)"),
    ("es", "Español"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Authors may keep the admin in English; learners only ever see pt-BR or es.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), *LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Sao_Paulo")
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "lms" / "static"]  # site chrome; apps keep their own static/
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    # Random names, no photo metadata (lms/deploy/storage.py).
    "default": {"BACKEND": "lms.deploy.storage.LocalMediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# With RUMO_MEDIA_S3_BUCKET, uploads go to S3-compatible object storage (lms/deploy/storage.py).
if env.str("RUMO_MEDIA_S3_BUCKET", default=""):
    from lms.deploy.storage import s3_storage

    STORAGES["default"] = s3_storage(env)
# Untrusted uploads: bounded in size, never executed, served as attachments where possible.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "xlsx", "docx", "odt", "ods", "png", "jpg"]
# /health/ready fails when var/ or MEDIA_ROOT has less free space than this (lms/core/health.py).
RUMO_HEALTH_MIN_FREE_BYTES = env.int("RUMO_HEALTH_MIN_FREE_BYTES", default=1024 * 1024 * 1024)
# A video still waiting for the converter this long is sent to the workers again, at most
# this many times; then it is marked failed (curriculum/queueing.py).
# Visitors' pages (home, catalogue, refreshers) kept whole (lms/core/page_cache.py): how long a
# browser or proxy may use its copy without asking (a publish shows on Rumo at once), and how
# much longer it may show that copy while it asks. RUMO_PAGE_CACHE=false draws every page.
RUMO_PAGE_CACHE = env.bool("RUMO_PAGE_CACHE", default=True)
RUMO_PAGE_MAX_AGE = env.int("RUMO_PAGE_MAX_AGE", default=60)
RUMO_PAGE_STALE_WHILE_REVALIDATE = env.int("RUMO_PAGE_STALE_WHILE_REVALIDATE", default=60)
# A caching proxy in front that takes PURGE requests (Varnish, nginx with a purge handler):
# Wagtail asks it to drop a page's address when the page is published or unpublished.
RUMO_FRONTEND_CACHE_PURGE_URL = env.str("RUMO_FRONTEND_CACHE_PURGE_URL", default="")
if RUMO_FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": RUMO_FRONTEND_CACHE_PURGE_URL,
        }
    }
RUMO_VIDEO_REQUEUE_MINUTES = env.int("RUMO_VIDEO_REQUEUE_MINUTES", default=15)
RUMO_VIDEO_QUEUE_ATTEMPTS = env.int("RUMO_VIDEO_QUEUE_ATTEMPTS", default=3)
RUMO_VIDEO_MAX_UPLOAD_SIZE = env.int("RUMO_VIDEO_MAX_UPLOAD_SIZE", default=300 * 1024 * 1024)
# Documents always go through Wagtail's serve view (collection privacy, no storage URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Uploaded originals pages never link to: never served from /media/ (pages show image
# renditions; documents go through the serve view; videos play their renditions only, never
# the upload). The web server must refuse them too.
RUMO_PRIVATE_MEDIA_PREFIXES = ("original_images/", "documents/", "videos/original/")
# Only reviewers replace the file of an image or document a published lesson uses.
WAGTAILIMAGES_IMAGE_FORM_BASE = "curriculum.media_forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "curriculum.media_forms.DocumentForm"

# --- Wagtail -----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Rumo"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_FINDERS: list = []  # no third-party embeds: videos are uploaded and transcoded
# The admin would otherwise fetch avatars and release news from third-party servers.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="rumo@localhost")

LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Requests refused on purpose (django.request's 403s, django.security's 400s) are one
    # line each, not a traceback (lms/core/logging.py).
    "filters": {
        "expected_refusals": {"()": "lms.core.logging.ExpectedRefusalFilter"},
        "outage": {"()": "lms.core.logging.OutageFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["expected_refusals"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Without Django's own console handler (debug only), which printed each record a
        # second time: django's records reach the console through the root logger.
        "django": {"handlers": [], "level": LOG_LEVEL},
        # A Redis cache that is down: one line per failed operation (lms/settings/stores.py).
        "lms.cache": {"filters": ["outage"]},
    },
}
