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
- ``LOGIN_FAILURE_LIMIT`` / ``LOGIN_FAILURE_WINDOW``: login throttling (default 5 failures per
  user name and client address within 900 s); ``LOGIN_FAILURE_LIMIT_PER_USER``: failures per user
  name from all addresses together (default 5 × the limit).
- ``BEHOVSMELDING_TRUSTED_PROXIES``: how many reverse proxies in front of the application append
  to ``X-Forwarded-For`` (default 0: the client is ``REMOTE_ADDR`` and the header is ignored).
- ``BEHOVSMELDING_CACHE_DIR``: the cache folder; default ``var/cache``.
- ``BREV_AVSENDER_*``, ``BREV_LOGO``, ``BREV_UNDERSKRIVER``, ``BREV_SAKSBEHANDLER``,
  ``BREV_KLAGEINSTANS``, ``BREV_RAPPORTFRIST``, ``BREV_SEND_FORSOK``, ``BREV_SEND_PAUSE``: the
  letters' letterhead, signatory, appeal body, reporting deadline and dispatch retries (below).
- ``IDPORTEN_*`` / ``ENTRA_*``: the two OpenID Connect providers (``ISSUER``, ``CLIENT_ID``,
  ``CLIENT_SECRET``, ``AUTHORIZATION_ENDPOINT``, ``TOKEN_ENDPOINT``, ``JWKS_URI``,
  ``END_SESSION_ENDPOINT``, ``SCOPES``, ``ACR_VALUES``); a provider without them is not offered.
- ``BEHOVSMELDING_PID_KEY``: the key of the fødselsnumre's keyed hash (default: made once and
  kept in ``var/pid-key``).
- ``BEHOVSMELDING_REAUTH_SEKUNDER``: how old a login may be for a sensitive action (900).
- ``BEHOVSMELDING_PASSORD_ROLLER``: the roles that may log in with a password (default all
  without ``BEHOVSMELDING_HTTPS``, none with it; break-glass accounts always may).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF


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


def _kept_secret(name: str) -> str:
    """A random secret made once and kept in ``var/<name>`` (0600)."""
    path = VAR_DIR / name
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    path.write_text(value)
    path.chmod(0o600)
    return value


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
    "axes",
    "behovsmelding.web.apps.WebConfig",
    "behovsmelding.web.forum.apps.ForumConfig",
    "behovsmelding.web.skjema.apps.SkjemaConfig",
    "behovsmelding.web.rapport.apps.RapportConfig",
    "behovsmelding.web.innlogging.apps.InnloggingConfig",
    "behovsmelding.web.statistikk.apps.StatistikkConfig",
    # The background queue on the own database (bakgrunn.py); after the web app, whose
    # `db_worker` command (resuming what a killed worker left) takes the name's place.
    "django_tasks",
    "django_tasks.backends.database",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, the first to read a POST body: upload limits (web/opplastingsgrenser.py).
    "behovsmelding.web.opplastingsgrenser.Middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP: adds the login providers' origins to form-action before CSP writes the header.
    "behovsmelding.web.innlogging.views.FormActionMiddleware",
    # Last: turns a refused login (request.axes_locked_out) into the Norwegian lockout page.
    "axes.middleware.AxesMiddleware",
]

# Axes' backend first: it refuses a locked-out user name before any password is checked.
AUTHENTICATION_BACKENDS = [
    "behovsmelding.web.throttle.Backend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (behovsmelding.web.innlogging): each answers only its own callback.
    "behovsmelding.web.innlogging.backends.IdportenBackend",
    "behovsmelding.web.innlogging.backends.EntraBackend",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Parallel saves and submissions on the default database wait their turn instead of
    # failing with "database is locked": writers take the lock when their transaction begins
    # (a reader that wants to write later cannot be upgraded), wait up to 20 s for it, and
    # readers do not block the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_TIMEOUT") or 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
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
# One upload of documents (behovsmelding.web.opplasting): at most this many files and MB in
# all; one file is bounded by the readers' BEHOVSMELDING_MAX_FILE_MB. Django's own cap on files
# is one above, so that ours, with its clear message, is met first.
BEHOVSMELDING_OPPLASTING_MAKS_FILER = int(
    os.environ.get("BEHOVSMELDING_OPPLASTING_MAKS_FILER") or 200
)
BEHOVSMELDING_OPPLASTING_MAKS_MB = int(os.environ.get("BEHOVSMELDING_OPPLASTING_MAKS_MB") or 200)
# Uploads of more files than this are read by the background worker (`manage.py db_worker`,
# behovsmelding.web.bakgrunn); up to this many are read in the request, their report at once.
BEHOVSMELDING_LES_STRAKS_MAKS = int(os.environ.get("BEHOVSMELDING_LES_STRAKS_MAKS") or 3)
# Files waiting for the worker, each beside its row until it is read (never under static).
MOTTAK_DIR = Path(os.environ.get("BEHOVSMELDING_MOTTAK_DIR") or VAR_DIR / "mottak")
# A worker's claim on a file it reads lapses after this many seconds without an outcome (a
# worker killed on another machine); on the worker's own machine a dead process is seen at once.
BEHOVSMELDING_KO_LEIE_SEKUNDER = int(os.environ.get("BEHOVSMELDING_KO_LEIE_SEKUNDER") or 600)
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.database.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
DATA_UPLOAD_MAX_NUMBER_FILES = BEHOVSMELDING_OPPLASTING_MAKS_FILER + 1
# Form fields apart from files (the owners' form's saves are the largest: a 20-tiltak form is
# well under 1 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Invitations into an organisation (behovsmelding.web.medlemskap) expire after this many days.
BEHOVSMELDING_INVITASJON_DAGER = int(os.environ.get("BEHOVSMELDING_INVITASJON_DAGER") or 7)

# E-mail (invitations): SMTP when EMAIL_HOST is set (production), else written to the console
# (the demo: the invitation link shows in the terminal that runs `make demo`).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "behovsmelding@localhost"

# Letters (tildelingsbrev, behovsmelding.web.forum.brev): the sender's letterhead, who signs,
# the contact person, the appeal body and the reporting deadline. Defaults fit Nordland;
# set them for another Statsforvalter. BREV_LOGO is the path of a PNG/SVG printed at the top.
BREV_AVSENDER = {
    "navn": os.environ.get("BREV_AVSENDER_NAVN") or "Statsforvalteren i Nordland",
    "postadresse": os.environ.get("BREV_AVSENDER_POSTADRESSE") or "Postboks 1405",
    "postnummer": os.environ.get("BREV_AVSENDER_POSTNUMMER") or "8002",
    "poststed": os.environ.get("BREV_AVSENDER_POSTSTED") or "BODØ",
    "besoksadresse": os.environ.get("BREV_AVSENDER_BESOKSADRESSE") or "Moloveien 10, Bodø",
    "orgnr": os.environ.get("BREV_AVSENDER_ORGNR") or "",
    "epost": os.environ.get("BREV_AVSENDER_EPOST") or "",
    "telefon": os.environ.get("BREV_AVSENDER_TELEFON") or "",
    "nettside": os.environ.get("BREV_AVSENDER_NETTSIDE") or "www.statsforvalteren.no",
    "avdeling": os.environ.get("BREV_AVSENDER_AVDELING") or "Oppvekst- og utdanningsavdelingen",
}
BREV_LOGO = os.environ.get("BREV_LOGO", "")
BREV_UNDERSKRIVER = os.environ.get("BREV_UNDERSKRIVER") or ""
BREV_UNDERSKRIVER_TITTEL = os.environ.get("BREV_UNDERSKRIVER_TITTEL") or "utdanningsdirektør"
# The second signatory and contact person ("Saksbehandler" in the letter's reference block).
BREV_SAKSBEHANDLER = os.environ.get("BREV_SAKSBEHANDLER") or ""
BREV_SAKSBEHANDLER_TITTEL = os.environ.get("BREV_SAKSBEHANDLER_TITTEL") or "seniorrådgiver"
BREV_SAKSBEHANDLER_TELEFON = os.environ.get("BREV_SAKSBEHANDLER_TELEFON") or ""
# Who decides an appeal (forvaltningsloven § 28: the body above Statsforvalteren in the matter).
BREV_KLAGEINSTANS = os.environ.get("BREV_KLAGEINSTANS") or "Utdanningsdirektoratet"
# Report on use of funds by this day and month of the year after each grant year ("dd.mm").
BREV_RAPPORTFRIST = os.environ.get("BREV_RAPPORTFRIST") or "01.03"
# Dispatch: how many tries per letter and the pauses between them (seconds, doubled each try).
BREV_SEND_FORSOK = int(os.environ.get("BREV_SEND_FORSOK") or 3)
BREV_SEND_PAUSE = float(os.environ.get("BREV_SEND_PAUSE") or 2)


# --- login: ID-porten and Entra ID over OpenID Connect (behovsmelding.web.innlogging) --------
def _oidc_provider(prefix: str) -> dict[str, str]:
    def env(name: str) -> str:
        return os.environ.get(f"{prefix}_{name}", "").strip()

    return {
        "ISSUER": env("ISSUER"),
        "OIDC_RP_CLIENT_ID": env("CLIENT_ID"),
        "OIDC_RP_CLIENT_SECRET": env("CLIENT_SECRET"),
        "OIDC_RP_SCOPES": env("SCOPES"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env("AUTHORIZATION_ENDPOINT"),
        "OIDC_OP_TOKEN_ENDPOINT": env("TOKEN_ENDPOINT"),
        "OIDC_OP_JWKS_ENDPOINT": env("JWKS_URI"),
        "END_SESSION_ENDPOINT": env("END_SESSION_ENDPOINT"),
        "ACR_VALUES": env("ACR_VALUES"),
    }


OIDC_PROVIDERS = {"idporten": _oidc_provider("IDPORTEN"), "entra": _oidc_provider("ENTRA")}
# The key of the keyed hash (HMAC-SHA256) under which a fødselsnummer is known; the number
# itself is never stored. Losing the key unlinks every person from their user.
PID_HASH_KEY_FROM_ENV = bool(os.environ.get("BEHOVSMELDING_PID_KEY"))
PID_HASH_KEY = os.environ.get("BEHOVSMELDING_PID_KEY") or _kept_secret("pid-key")
# A sensitive action (sending a behovsmelding, a vedtak, a kontonummer) asks for a fresh login
# when the last one is older than this.
REAUTH_MAX_AGE = int(os.environ.get("BEHOVSMELDING_REAUTH_SEKUNDER") or 15 * 60)
# The roles that may log in with a password (break-glass accounts always may): all of them
# locally and in the demo, none in production (behind TLS) unless set.
_ALL_ROLES = "saksbehandler,forum,eier,uh"
PASSWORD_LOGIN_ROLES = _env_list(
    "BEHOVSMELDING_PASSORD_ROLLER",
    "" if (_env_bool("BEHOVSMELDING_HTTPS") or _env_bool("SECURE_COOKIES")) else _ALL_ROLES,
)
if os.environ.get("BEHOVSMELDING_PASSORD_ROLLER", "").strip().lower() == "ingen":
    PASSWORD_LOGIN_ROLES = []

LOGIN_URL = "logg-inn"
LOGIN_REDIRECT_URL = "oversikt"
LOGOUT_REDIRECT_URL = "innlogging:utlogget"

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
# The owners' form warns this many seconds before the session ends ("Forleng").
SKJEMA_OKT_VARSEL = int(os.environ.get("SKJEMA_OKT_VARSEL") or 300)
# Attachments to the owners' form (budgets: PDF, XLSX, DOCX, ODS): at most this many megabytes
# each, and this many per behovsmelding.
BEHOVSMELDING_VEDLEGG_MAKS_MB = int(os.environ.get("BEHOVSMELDING_VEDLEGG_MAKS_MB") or 10)
BEHOVSMELDING_VEDLEGG_MAKS_ANTALL = int(os.environ.get("BEHOVSMELDING_VEDLEGG_MAKS_ANTALL") or 20)
# The statistics page flags a network that has used less than this share (per cent) of what its
# approved reports were granted (docs/statistikk.md).
STATISTIKK_UNDERFORBRUK_PROSENT = int(os.environ.get("BEHOVSMELDING_UNDERFORBRUK_PROSENT") or 90)
# The application's address as people reach it ("https://behovsmelding.example.no"): the
# reminders about reports link to the report with it (rapport/paaminnelser.py).
BEHOVSMELDING_ADRESSE = os.environ.get("BEHOVSMELDING_ADRESSE", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): scripts and styles only from our own
# static files, no inline script or style, no eval, no plugins, no framing, forms post only
# here. Values that a script needs travel in data attributes or json_script blocks. data: is
# allowed for images only (the empty favicon, icons inside Designsystemet's CSS).
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
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling: django-axes, set up by behovsmelding.web.throttle. After LOGIN_FAILURE_LIMIT
# failed logins for one user name (normalised: NFKC, case-folded) from one client address within
# LOGIN_FAILURE_WINDOW seconds, that pair is refused until the window has passed since the last
# failure; LOGIN_FAILURE_LIMIT_PER_USER failures from all addresses together refuse the user name
# everywhere. The counts are rows in the database (shared by every worker), and each login holds
# a lock per user name from the check to the recorded result, so parallel guesses cannot pass
# the limit.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW") or 15 * 60)
LOGIN_FAILURE_LIMIT_PER_USER = int(
    os.environ.get("LOGIN_FAILURE_LIMIT_PER_USER") or 5 * LOGIN_FAILURE_LIMIT
)
# Reverse proxies in front of gunicorn that each append the address they saw to
# X-Forwarded-For (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). With 0
# the client is REMOTE_ADDR and X-Forwarded-For is ignored (anyone can send it); with N the
# client is the N-th entry from the right, the right-most one no client can forge.
TRUSTED_PROXIES = int(os.environ.get("BEHOVSMELDING_TRUSTED_PROXIES") or 0)

AXES_HANDLER = "behovsmelding.web.throttle.Handler"
AXES_FAILURE_LIMIT = "behovsmelding.web.throttle.failure_limit"
AXES_COOLOFF_TIME = "behovsmelding.web.throttle.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_USERNAME_CALLABLE = "behovsmelding.web.throttle.username_of"
AXES_CLIENT_IP_CALLABLE = "behovsmelding.web.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "behovsmelding.web.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A refused try does not restart the window: the wait the page names is the wait there is.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful logins are not logged with address and browser (kept forever otherwise); the
# application's audit trail says who did what.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

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
