"""Login throttling: too many failed logins for one user name from one address are refused.

The login form counts failures per (user name, client address) in the cache. At
``settings.LOGIN_FAILURE_LIMIT`` failures within ``settings.LOGIN_FAILURE_WINDOW`` seconds the
form refuses further tries with a Norwegian message, without checking the password (so that
guessing goes no faster), until the window has passed. A successful login clears the count.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError


def _key(username: str, address: str) -> str:
    raw = f"{username.strip().casefold()}|{address}".encode()
    return "innlogging-feil:" + hashlib.sha256(raw).hexdigest()


def failures(username: str, address: str) -> int:
    return int(cache.get(_key(username, address), 0))


def _minutes() -> int:
    return max(1, round(int(settings.LOGIN_FAILURE_WINDOW) / 60))


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form with a limit on failed tries per user name and address."""

    throttled = False  # the template shows the throttling message instead of "wrong password"

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username") or "")
        address = str(self.request.META.get("REMOTE_ADDR") or "") if self.request else ""
        key = _key(username, address)
        if failures(username, address) >= int(settings.LOGIN_FAILURE_LIMIT):
            self.throttled = True
            raise ValidationError(
                "For mange mislykkede innlogginger for dette brukernavnet. "
                f"Vent {_minutes()} minutter og prøv igjen.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            window = int(settings.LOGIN_FAILURE_WINDOW)
            cache.set(key, failures(username, address) + 1, timeout=window)
            raise
        cache.delete(key)
        return cleaned
