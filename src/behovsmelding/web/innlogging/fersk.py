"""Re-authentication before sensitive actions: a login older than
``settings.REAUTH_MAX_AGE`` seconds (``BEHOVSMELDING_REAUTH_SEKUNDER``) is asked again, at the
provider with ``prompt=login`` and ``max_age``, or for the password again."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from . import providers

AUTH_TIME = "auth_time"  # epoch seconds of the last authentication, in the session
SESSION_INFO = "innlogging"  # {"provider", "id_token" (encrypted), "sid"}

ASK_AGAIN = (
    "Av sikkerhetshensyn må du logge inn på nytt før du gjør dette. Logg inn, og gjør det så igjen."
)


def max_age() -> int:
    return int(getattr(settings, "REAUTH_MAX_AGE", 900))


def auth_time(request: HttpRequest) -> float | None:
    value = request.session.get(AUTH_TIME)
    return float(value) if isinstance(value, int | float) else None


def is_fresh(request: HttpRequest) -> bool:
    t = auth_time(request)
    return t is not None and time.time() - t <= max_age()


def provider_of(request: HttpRequest) -> str | None:
    info = request.session.get(SESSION_INFO) or {}
    p = info.get("provider")
    return p if isinstance(p, str) and providers.configured(p) else None


def require_fresh_login(request: HttpRequest, tilbake: str) -> HttpResponse | None:
    """``None`` when the last login is recent enough; else the way to a fresh one, which
    comes back to ``tilbake`` (the page the action is done from)."""
    if is_fresh(request):
        return None
    messages.info(request, ASK_AGAIN)
    provider = provider_of(request)
    if provider is not None:
        url = reverse(f"innlogging:{provider}-logg-inn")
        query = {"next": tilbake, "fornye": "1"}
    else:
        url = reverse("innlogging:bekreft-passord")
        query = {"next": tilbake}
    target = f"{url}?{urlencode(query)}"
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)
