"""Authentication backends, one per provider: mozilla-django-oidc's backend reading its
settings from the provider's dict. The library exchanges the code (with the PKCE verifier) and
checks the ID token's signature against the provider's JWKS, its expiry and nonce; we add the
audience and issuer and find the user from the ID token's claims (no user is ever created from
a login alone)."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import providers, services


class InnloggingFeil(Exception):
    """A login that cannot be completed; the message is meant for the person."""


class ProviderBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped library
    provider: ClassVar[str] = ""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return providers.setting(self.provider, attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only for this provider's callback (which marks the request): Django tries every
        # backend on a password login, and a code must never go to another provider.
        if request is None or getattr(request, "innlogging_provider", None) != self.provider:
            return None
        if not providers.configured(self.provider):
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.get_settings("OIDC_RP_CLIENT_ID") not in audiences:
            raise SuspiciousOperation("ID token is not for this client (aud)")
        issuer = self.get_settings("ISSUER")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer (iss)")
        if not isinstance(payload.get("exp"), int | float) or payload["exp"] < time.time():
            raise SuspiciousOperation("ID token without a valid expiry (exp)")
        return payload

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # Kept by the callback view after login (encrypted), for logout's id_token_hint.
        self.request.innlogging_id_token = id_token

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        # The verified ID token has every claim we use (pid; oid and e-mail).
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        self.request.innlogging_claims = payload
        return self.find_user(payload)

    def find_user(self, claims: dict[str, Any]) -> User:
        raise NotImplementedError


class IdportenBackend(ProviderBackend):
    provider = providers.IDPORTEN

    def find_user(self, claims: dict[str, Any]) -> User:
        pid = claims.get("pid")
        if not isinstance(pid, str) or not pid:
            raise InnloggingFeil("ID-porten sendte ikke fødselsnummeret (pid).")
        invitasjon = getattr(self.request, "innlogging_invitasjon", None)
        user, linked = services.user_for_idporten(pid, invitasjon=invitasjon)
        self.request.innlogging_knyttet = linked
        return user


class EntraBackend(ProviderBackend):
    provider = providers.ENTRA

    def find_user(self, claims: dict[str, Any]) -> User:
        oid = claims.get("oid") or claims.get("sub")
        if not isinstance(oid, str) or not oid:
            raise InnloggingFeil("Innloggingen sendte ingen identitet (oid).")
        epost = claims.get("email") or claims.get("preferred_username") or ""
        return services.user_for_entra(oid, str(epost))


BACKENDS: dict[str, type[ProviderBackend]] = {
    providers.IDPORTEN: IdportenBackend,
    providers.ENTRA: EntraBackend,
}


def backend_path(provider: str) -> str:
    cls = BACKENDS[provider]
    return f"{cls.__module__}.{cls.__qualname__}"
