"""Settings, all from the environment with safe defaults.

With nothing set the application runs with DEBUG off on a SQLite file under ``var/`` (which git
ignores); ``DATABASE_URL`` switches to PostgreSQL (``postgres://user:pass@host:port/name``).

Environment variables:

- ``DEBUG`` (``1``/``true``): debug pages; off by default.
- ``DJANGO_SECRET_KEY``: the secret key; when unset a random key is made once and kept in
  ``var/secret-key`` so that sessions survive a restart.
- ``ALLOWED_HOSTS``: comma-separated; default ``127.0.0.1,localhost``.
- ``DATABASE_URL``: any URL dj-database-url understands; default ``sqlite:///var/behovsmelding.sqlite3``.
- ``BEHOVSMELDING_VAR_DIR``: where the database, uploaded originals and the key live.
- ``BEHOVSMELDING_NODE_MODULES``: where ``npm ci`` put Designsystemet and Inter.
- ``BEHOVSMELDING_HTTPS`` (``1``/``true``; older name ``SECURE_COOKIES``): production behind
  TLS: secure cookies, redirect to https, HSTS (see the security section below).
- ``LOGIN_FAILURE_LIMIT`` / ``LOGIN_FAILURE_WINDOW``: login throttling (default 5 per 900 s).
- ``BEHOVSMELDING_CACHE_DIR``: the cache folder (login counts); default ``var/cache``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on", "ja")


def _env_list(name: str, default: str) -> list[str]:
    return [x.strip() for x in os.environ.get(name, default).split(",") if x.strip()]


# src/behovsmelding/web/settings.py -> the repository root
BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("BEHOVSMELDING_VAR_DIR") or BASE_DIR / "var")
NODE_MODULES = Path(os.environ.get("BEHOVSMELDING_NODE_MODULES") or BASE_DIR / "node_modules")


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret-key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


DEBUG = _env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "behovsmelding.web.apps.WebConfig",
    "behovsmelding.web.forum.apps.ForumConfig",
    "behovsmelding.web.skjema.apps.SkjemaConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "behovsmelding.web.urls"
WSGI_APPLICATION = "behovsmelding.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "behovsmelding.web.access.context",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'behovsmelding.sqlite3'}",
        conn_max_age=60,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nb"
# The owners' form is offered in both written standards (state bodies must).
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "skjema" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("ds", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist"),
    ("inter", NODE_MODULES / "@fontsource" / "inter"),
]

# Uploaded originals: outside static, under generated names, served only through a view that
# checks access.
ORIGINALS_DIR = Path(os.environ.get("BEHOVSMELDING_ORIGINALS_DIR") or VAR_DIR / "originaler")
DATA_UPLOAD_MAX_NUMBER_FILES = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "logg-inn"
LOGIN_REDIRECT_URL = "oversikt"
LOGOUT_REDIRECT_URL = "logg-inn"

# --- security -------------------------------------------------------------------------------
# Behind TLS (BEHOVSMELDING_HTTPS=1; SECURE_COOKIES=1 is the older name): cookies only over
# HTTPS, http redirected to https, HSTS for a year. The proxy in front terminates TLS and sets
# X-Forwarded-Proto. Off by default so that `make demo` and the tests work over plain http on
# 127.0.0.1; `manage.py check --deploy` is clean with it on (tests/security).
HTTPS = _env_bool("BEHOVSMELDING_HTTPS") or _env_bool("SECURE_COOKIES")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE") or 8 * 3600)  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (behovsmelding.web.throttle): after LOGIN_FAILURE_LIMIT failed logins for
# one user name from one address within LOGIN_FAILURE_WINDOW seconds, further tries are refused
# until the window has passed. The counts live in the cache, a folder under var/ by default so
# that every gunicorn worker on the machine sees the same counts.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW") or 15 * 60)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("BEHOVSMELDING_CACHE_DIR") or str(VAR_DIR / "cache"),
    },
    # The overview's filter menus, totals and bars per filtered set (behovsmelding.web.overview):
    # in each worker's memory; the keys carry a stamp of the data, so a change is shown at once
    # by every worker and an entry that is no longer asked for just ages out.
    "oversikt": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "oversikt",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
