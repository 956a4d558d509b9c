"""TenderBridge settings: one file, every value from the environment (see docs/settings.md)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tenderbridge.lib.env import (
    env_bool,
    env_choice,
    env_datetime,
    env_int,
    env_list,
    env_path,
    env_str,
    env_timezone,
    env_url,
    persistent_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env_path("TENDERBRIDGE_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = persistent_secret("SECRET_KEY", VAR_DIR / "secret_key", required=not DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", {"http", "https"})

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "tenderbridge.accounts",
    "tenderbridge.home",
    "tenderbridge.ops",
    "tenderbridge.api",
    "tenderbridge.taxonomy",
    "tenderbridge.ingest",
    "tenderbridge.opportunities",
    "tenderbridge.search",
    "tenderbridge.suppliers",
    "tenderbridge.matching",
    "tenderbridge.relevance",
    "tenderbridge.alerts",
    "tenderbridge.learning",
    "tenderbridge.readiness",
    "tenderbridge.support",
    "tenderbridge.market",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenderbridge.ops.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenderbridge.accounts.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "tenderbridge.urls"
WSGI_APPLICATION = "tenderbridge.wsgi.application"
ASGI_APPLICATION = "tenderbridge.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tenderbridge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenderbridge.home.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite by default (no other service), PostgreSQL by DATABASE_URL.
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{VAR_DIR / 'tenderbridge.sqlite3'}", {"sqlite", "postgres", "postgresql"}
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; IMMEDIATE transactions take the
    # write lock up front so two writers queue on `timeout` instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        # A 64 MB page cache: the notice tables and indexes run to gigabytes with real feeds.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # A file (not Django's in-memory default) so test subprocesses such as gunicorn and db_worker
    # see the same test database as the test itself.
    _db_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_db_file.with_name(f"test_{_db_file.name}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # The database cache is shared by every app process, so login throttling holds across workers.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tenderbridge_cache"}
}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["tenderbridge.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "home:index"
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1)

# --- Internationalisation: language in the URL (/en/…, /zh-hans/…)
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "tenderbridge" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_timezone("TIME_ZONE", "UTC")

# --- Static files: hashed names served by the app itself (WhiteNoise)
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "tenderbridge" / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
# Locally (and in tests, where Django forces DEBUG off at run time) WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email: console by default, SMTP by setting (Django 6.1's MAILERS form)
MAILERS = {
    "default": {
        "BACKEND": {
            "console": "django.core.mail.backends.console.EmailBackend",
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
        }[env_choice("EMAIL_BACKEND", "console", {"console", "smtp"})],
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "TenderBridge <noreply@tenderbridge.local>")
# --- Alerts (docs/alerts.md): the mailer digests go through ("anymail": a provider, ANYMAIL_BACKEND below),
# the limits per reader, and whether webhooks may call private addresses (tests, an intranet).
if env_choice("ALERTS_MAILER", "default", {"default", "anymail"}) == "anymail":
    MAILERS["anymail"] = {"BACKEND": env_str("ANYMAIL_BACKEND", "anymail.backends.amazon_ses.EmailBackend")}
    ANYMAIL = {"API_KEY": env_str("ANYMAIL_API_KEY")} if env_str("ANYMAIL_API_KEY") else {}
ALERTS_MAILER = "anymail" if "anymail" in MAILERS else "default"
ALERTS_MAX_PER_USER = env_int("ALERTS_MAX_PER_USER", 25, minimum=1, maximum=1000)
ALERTS_MAX_MESSAGES_PER_DAY = env_int("ALERTS_MAX_MESSAGES_PER_DAY", 60, minimum=1, maximum=10000)
ALERTS_WEBHOOK_ALLOW_PRIVATE = env_bool("ALERTS_WEBHOOK_ALLOW_PRIVATE", False)

# --- Background tasks: django.tasks with the database backend; run `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_choice("TASKS_BACKEND", "database", {"database", "immediate"}) == "database"
        else "django.tasks.backends.immediate.ImmediateBackend",
    }
}

# --- Search: the sentence-embedding model behind cross-lingual search (tenderbridge/lib/embeddings.py).
# Changing it makes every stored vector stale: run `manage.py embed_notices` afterwards.
EMBEDDING_BACKEND = env_choice("EMBEDDING_BACKEND", "use", {"use", "e5"})
# Load the in-memory search index when the WSGI application is imported: with `gunicorn --preload` the master
# loads it once and its workers share the memory (copy on write) instead of each loading it on first search.
SEARCH_PRELOAD = env_bool("SEARCH_PRELOAD", False)

# --- Data: the folder the import commands read (real public data, never copied into the repo).
DATA_DIR = env_path("TENDERBRIDGE_DATA_DIR", (BASE_DIR.parent / "shared" / "data").resolve())
# Seconds before the first retry of a failed source download (doubles for each further retry).
SOURCE_RETRY_SECONDS = env_int("SOURCE_RETRY_SECONDS", 5, minimum=0, maximum=600)
# A fixed "now" for demonstrations on historic data (opportunities/clock.py): countdowns, open/closed and the
# open filter are computed at this moment. Unset (the default, and always in production): the real time.
DEMO_NOW = env_datetime("DEMO_NOW")

# --- Uploaded documents (evidence, lesson attachments): stored outside static/media under a private folder and
# served only by views that check permission (tenderbridge/lib/uploads.py).
PRIVATE_MEDIA_ROOT = env_path("PRIVATE_MEDIA_ROOT", VAR_DIR / "private")
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 10, minimum=1, maximum=100)

# --- Security (check --deploy must be clean when DEBUG is off)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600

# --- Logging: one JSON object per line, so a log shipper can parse it.
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "tenderbridge.ops.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.server": {"level": "WARNING"}},
}
