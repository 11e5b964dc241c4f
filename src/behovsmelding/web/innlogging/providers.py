"""The two OpenID Connect providers, configured side by side in ``settings.OIDC_PROVIDERS``.

mozilla-django-oidc reads one provider's configuration from Django settings by name
(``OIDC_RP_CLIENT_ID``, ``OIDC_OP_TOKEN_ENDPOINT``, …). Our views and backends read the same
names from the provider's own dict instead (:func:`setting`), so one library serves both.
Besides the library's names a provider's dict has ``ISSUER`` (checked against the ID token's
``iss``), ``END_SESSION_ENDPOINT`` (logout at the provider) and ``ACR_VALUES``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import salted_hmac

from .models import Leverandor

IDPORTEN = Leverandor.IDPORTEN.value
ENTRA = Leverandor.ENTRA.value
PROVIDERS = (IDPORTEN, ENTRA)
LABELS = {IDPORTEN: "Logg inn med ID-porten", ENTRA: "Logg inn (Statsforvalteren)"}
DEFAULT_SCOPES = {IDPORTEN: "openid profile", ENTRA: "openid profile email"}
REQUIRED = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
ENDPOINTS = (
    "ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "END_SESSION_ENDPOINT",
)


def config(provider: str) -> dict[str, Any]:
    value = getattr(settings, "OIDC_PROVIDERS", {}).get(provider) or {}
    return dict(value)


def configured(provider: str) -> bool:
    """Whether the provider has everything a login needs (client, endpoints, secret)."""
    c = config(provider)
    return provider in PROVIDERS and all(c.get(k) for k in REQUIRED)


def missing(provider: str) -> list[str]:
    """The required names a partly configured provider lacks ([] if unset or complete)."""
    c = config(provider)
    if not any(c.get(k) for k in REQUIRED):
        return []
    return [k for k in REQUIRED if not c.get(k)]


def configured_providers() -> list[str]:
    return [p for p in PROVIDERS if configured(p)]


def _defaults(provider: str) -> dict[str, Any]:
    return {
        "OIDC_RP_SCOPES": DEFAULT_SCOPES.get(provider, "openid"),
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_TIMEOUT": 10,
        "OIDC_OP_USER_ENDPOINT": "",
        # never None: the library refuses RS256 without a JWKS, and an unset provider must load
        "OIDC_OP_JWKS_ENDPOINT": "",
        "OIDC_AUTHENTICATION_CALLBACK_URL": f"innlogging:{provider}-callback",
        "OIDC_CREATE_USER": False,
        "ISSUER": "",
        "END_SESSION_ENDPOINT": "",
        "ACR_VALUES": "",
        "LOGIN_REDIRECT_URL": settings.LOGIN_REDIRECT_URL,
    }


def setting(provider: str, attr: str, *default: Any) -> Any:
    """``attr`` of ``provider``: its own dict, else our default, else the caller's default,
    else "" (an unconfigured provider's backend must still load: Django tries every backend
    on a password login)."""
    c = config(provider)
    if c.get(attr) not in (None, ""):
        return c[attr]
    defaults = _defaults(provider)
    if attr in defaults:
        return defaults[attr]
    if default:
        return default[0]
    return ""


def origins() -> list[str]:
    """The origins a form of ours may end up at through redirects: the providers' login and
    logout pages (the Content-Security-Policy's form-action)."""
    found: list[str] = []
    for p in configured_providers():
        for attr in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "END_SESSION_ENDPOINT"):
            parts = urlsplit(str(setting(p, attr)))
            if parts.scheme and parts.netloc:
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin not in found:
                    found.append(origin)
    return found


def identity_key(provider: str, identifier: str) -> str:
    """The keyed hash under which a person is known (HMAC-SHA256 with ``PID_HASH_KEY``): the
    fødselsnummer cannot be read back from it, nor found by hashing every possible number
    without the key."""
    key = str(settings.PID_HASH_KEY).encode()
    return hmac.new(key, f"{provider}:{identifier}".encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    digest = salted_hmac("behovsmelding.innlogging.id_token", "fernet", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(text: str) -> str:
    """Encrypt a token for the session: an ID token from ID-porten holds the fødselsnummer,
    and sessions are rows in the database."""
    return _fernet().encrypt(text.encode()).decode()


def unseal(text: str) -> str:
    try:
        return _fernet().decrypt(text.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
