"""One settings module, read from the environment.

SQLite under `SME2GO_HOME` (default `./var`) unless `DATABASE_URL` names another
database. DEBUG is on only in development mode (the default): the demo
(`SME2GO_ENV=demo`, which `sme2go demo` serves in) shows visitors the product's own
404 and 500 pages, as production does. Outside development and demo mode
(`SME2GO_ENV=production`), a real `SECRET_KEY` and `DEBUG=0` are required and their
absence stops start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent


def env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {raw!r}")


SME2GO_ENV = os.environ.get("SME2GO_ENV", "development")
if SME2GO_ENV not in ("development", "demo", "production"):
    raise ImproperlyConfigured(
        f"SME2GO_ENV must be development, demo or production, not {SME2GO_ENV!r}"
    )
PRODUCTION = SME2GO_ENV == "production"

SME2GO_HOME = Path(os.environ.get("SME2GO_HOME", "var")).resolve()
MEDIA_ROOT = SME2GO_HOME / "uploads"

_DEV_SECRET = "sme2go-development-only-not-secret"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
DEBUG = env_flag("DEBUG", default=SME2GO_ENV == "development")
if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 32 characters "
            "when SME2GO_ENV=production"
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be 0 when SME2GO_ENV=production")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # so /api/docs serves Swagger UI from ninja/static (offline), not a CDN
    "sme2go.taxonomy",
    "sme2go.accounts",
    "sme2go.registry",
    "sme2go.markets",
    "sme2go.opportunities",
    "sme2go.consortia",
    "sme2go.collaboration",
    "sme2go.readiness",
    "sme2go.support",
    "sme2go.programme",
    "sme2go.missions",
    "sme2go.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sme2go.error_pages.ProductNotFoundPage",
]

ROOT_URLCONF = "sme2go.urls"
WSGI_APPLICATION = "sme2go.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sme2go.accounts.context.role",
                "sme2go.missions.context.follow_ups",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{SME2GO_HOME / 'sme2go.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite, conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a CLI import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = SME2GO_HOME / "static"
# The site-wide stylesheet lives in the project package, which is not an app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves the static files in every mode, DEBUG or not (the demo serves with DEBUG off).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: the import page accepts up to this many bytes, and refuses more with a message.
SME2GO_MAX_UPLOAD_BYTES = int(os.environ.get("SME2GO_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_in_one_line": {"()": "sme2go.log_filters.NoTracebackForClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_in_one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
