"""Login throttling: django-axes, keyed on the normalised user name and the real client address.

Axes counts failed logins in its own table (``axes_accessattempt``) and refuses a login before
any password is checked when (user name, client address) has ``settings.LOGIN_FAILURE_LIMIT``
failures within ``settings.LOGIN_FAILURE_WINDOW`` seconds of the last one, or the user name has
``settings.LOGIN_FAILURE_LIMIT_PER_USER`` from all addresses together. This module gives axes:

- the user name as the throttle knows it (:func:`normalise`): NFKC and case-folded, so that
  ``ｓａｋｓｂｅｈａｎｄｌｅｒ`` (which Django's login form folds to ``saksbehandler`` and logs in)
  and ``Saksbehandler`` count as ``saksbehandler``;
- the client address (:func:`client_ip`): ``REMOTE_ADDR``, or behind
  ``settings.TRUSTED_PROXIES`` proxies the ``X-Forwarded-For`` entry the last proxy vouches for;
- the Norwegian refusal page (:func:`lockout_response`, status 429).

Axes checks the count, then the password is checked, then axes records the failure: parallel
guesses could all pass the check before any is recorded. :class:`ThrottledAuthenticationForm`
therefore holds a lock per user name (:func:`serialised`) from the check to the recorded
result, so at most ``LOGIN_FAILURE_LIMIT`` passwords are ever checked.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# axes_accessattempt.username is 255 characters; case folding may make a name longer.
_MAX_KEY = 255
# pg_advisory_xact_lock(class, key): the class keeps these locks apart from any other.
_PG_LOCK_CLASS = 0x4C6F6769  # "Logi"
# SQLite: threads of one process wait here rather than on the database's write lock (whose
# waits an in-memory test database does not honour); a fixed set of stripes bounds the memory
# whatever user names are tried.
_SQLITE_STRIPES = [threading.Lock() for _ in range(64)]


def normalise(username: str) -> str:
    """The user name as the throttle counts it: NFKC, case-folded, trimmed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())
    return folded.strip()[:_MAX_KEY]


def username_of(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the normalised user name of a login attempt."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return None if raw is None else normalise(str(raw))


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address.

    Without trusted proxies: ``REMOTE_ADDR`` (an ``X-Forwarded-For`` is the client's own claim
    and ignored). With N (``BEHOVSMELDING_TRUSTED_PROXIES``): each proxy appended the address
    it saw, so the N-th entry from the right is what the outermost proxy saw; entries to its
    left come from the client and are not believed. A request without that many entries did not
    come through the proxies: ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(settings.TRUSTED_PROXIES)
    if proxies <= 0:
        return remote
    hops = [h for h in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if h.strip()]
    if len(hops) < proxies:
        return remote
    return _address(hops[-proxies]) or remote


def failure_limit(request: HttpRequest | None, credentials: dict[str, Any] | None) -> int:
    """AXES_FAILURE_LIMIT: read at each login, so that a changed setting applies at once."""
    return int(settings.LOGIN_FAILURE_LIMIT)


def cool_off(request: HttpRequest | None) -> timedelta:
    """AXES_COOLOFF_TIME: the window, counted from the last failure."""
    return timedelta(seconds=int(settings.LOGIN_FAILURE_WINDOW))


class Handler(AxesDatabaseHandler):  # type: ignore[misc]  # axes has no type information
    """Axes' database handler with a second, higher limit per user name from all addresses,
    and a successful login that clears only its own address's count (not an attacker's)."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # In the order of settings.AXES_LOCKOUT_PARAMETERS: (user name, address), user name.
        pair, per_user = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        if per_user >= int(settings.LOGIN_FAILURE_LIMIT_PER_USER):
            return max(int(pair), failure_limit(request, credentials))
        return int(pair)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        own_address = self.filter_user_attempts(request, credentials)[0]
        count, _ = own_address.delete()
        return int(count)


class Backend(AxesStandaloneBackend):  # type: ignore[misc]  # axes has no type information
    """Axes' refusal, for logins that come with a request (the login form, which passes it).

    ``authenticate()`` without a request (the test client's ``login()``, code in a shell) is
    not a guess over the network and has no address to count; axes would raise, so it is left
    to the next backend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def _minutes() -> int:
    return max(1, round(int(settings.LOGIN_FAILURE_WINDOW) / 60))


def refusal_message() -> str:
    return (
        "For mange mislykkede innlogginger for dette brukernavnet. "
        f"Vent {_minutes()} minutter og prøv igjen."
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page again, with the refusal, as 429."""
    username = str(request.POST.get("username", ""))[:150]
    form = ThrottledAuthenticationForm(request, initial={"username": username})
    context = {"form": form, "throttled": refusal_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


@contextmanager
def serialised(key: str) -> Iterator[None]:
    """One login at a time per user name ``key``, across threads, workers and machines.

    A transaction on axes' database holds the lock until it ends (after axes has recorded the
    result): PostgreSQL takes an advisory lock on the name's hash; SQLite has one writer at a
    time, and a write as the transaction's first statement takes that lock (a read first would
    make a second writer fail instead of wait).
    """
    digest = hashlib.sha256(key.encode()).digest()
    alias = router.db_for_write(AccessAttempt)
    connection = connections[alias]
    local: AbstractContextManager[Any] = nullcontext()
    if connection.vendor == "sqlite":
        local = _SQLITE_STRIPES[digest[0] % len(_SQLITE_STRIPES)]
    with local, transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                key32 = int.from_bytes(digest[:4], "big", signed=True)
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_PG_LOCK_CLASS, key32])
            elif connection.vendor == "sqlite":
                table = connection.ops.quote_name(AccessAttempt._meta.db_table)
                cursor.execute(
                    f"UPDATE {table} SET failures_since_start = failures_since_start WHERE 0 = 1"
                )
        yield


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, one check at a time per user name (see the module's docstring)."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # no password is checked
        refused: ValidationError | None = None
        with serialised(normalise(str(username))):
            try:
                cleaned = super().clean()
            except ValidationError as e:
                # Leave the block normally: an exception would roll back the failure axes
                # has just recorded.
                refused = e
        if refused is not None:
            raise refused
        return cleaned
