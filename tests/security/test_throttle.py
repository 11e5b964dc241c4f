"""Login throttling: after N failures for one user name from one address, the login refuses."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, caseworker

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    settings.LOGIN_FAILURE_WINDOW = 900


def login(username: str, password: str, address: str = "10.0.0.1") -> Any:
    c = Client(REMOTE_ADDR=address)
    return c.post(reverse("logg-inn"), {"username": username, "password": password})


def test_after_the_limit_even_the_right_password_is_refused_in_norwegian() -> None:
    name = f"sb-{uuid.uuid4().hex[:8]}"
    caseworker(username=name)
    for _ in range(LIMIT):
        r = login(name, "feil-passord")
        assert r.status_code == 200 and "For mange" not in r.content.decode()
    refused = login(name, PASSWORD)
    assert refused.status_code == 200  # the form again, not a redirect into the application
    assert "For mange mislykkede innlogginger" in refused.content.decode()
    assert "Vent 15 minutter" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session


def test_the_limit_is_per_user_name_and_address() -> None:
    name, other = f"a-{uuid.uuid4().hex[:8]}", f"b-{uuid.uuid4().hex[:8]}"
    caseworker(username=name)
    caseworker(username=other)
    for _ in range(LIMIT):
        login(name, "feil-passord")
    assert login(other, PASSWORD).status_code == 302
    assert login(name, PASSWORD, address="10.0.0.2").status_code == 302


def test_a_success_before_the_limit_clears_the_count() -> None:
    name = f"c-{uuid.uuid4().hex[:8]}"
    caseworker(username=name)
    for _ in range(LIMIT - 1):
        login(name, "feil-passord")
    assert login(name, PASSWORD).status_code == 302
    for _ in range(LIMIT - 1):
        login(name, "feil-passord")
    assert login(name, PASSWORD).status_code == 302


def test_counts_are_kept_only_for_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from behovsmelding.web import throttle

    timeouts: list[Any] = []
    real_set = throttle.cache.set

    def spy(key: str, value: Any, timeout: Any = None, **kw: Any) -> Any:
        timeouts.append(timeout)
        return real_set(key, value, timeout=timeout, **kw)

    monkeypatch.setattr(throttle.cache, "set", spy)
    name = f"d-{uuid.uuid4().hex[:8]}"
    login(name, "feil-passord")
    assert throttle.failures(name, "10.0.0.1") == 1
    assert timeouts == [900]
