"""Login throttling (django-axes): after N failures for one user name from one client address the
login is refused, for every spelling of the name Django would log in, behind the proxy by the
real client's address, and never more than N password checks however many guesses run at once."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client
from django.urls import reverse
from web_factories import PASSWORD, caseworker

from behovsmelding.web import throttle

pytestmark = pytest.mark.django_db

LIMIT = 5
WINDOW = 900
REFUSED = "For mange mislykkede innlogginger"


@pytest.fixture(autouse=True)
def _limit(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    settings.LOGIN_FAILURE_WINDOW = WINDOW
    settings.LOGIN_FAILURE_LIMIT_PER_USER = 5 * LIMIT
    settings.TRUSTED_PROXIES = 0


def login(username: str, password: str, address: str = "10.0.0.1", **headers: str) -> Any:
    c = Client(REMOTE_ADDR=address, **headers)
    return c.post(reverse("logg-inn"), {"username": username, "password": password})


def logged_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def refused(response: Any) -> bool:
    return response.status_code == 429 and REFUSED in response.content.decode()


def new_name(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password Django's ModelBackend checks, in order."""
    checked: list[str] = []
    real = ModelBackend.authenticate

    def counting(self: Any, request: Any, username: Any = None, **kw: Any) -> Any:
        checked.append(str(username))
        return real(self, request, username=username, **kw)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return checked


def test_after_the_limit_even_the_right_password_is_refused_in_norwegian(
    password_checks: list[str],
) -> None:
    name = new_name("sb-")
    caseworker(username=name)
    for _ in range(LIMIT - 1):
        r = login(name, "feil-passord")
        assert r.status_code == 200 and REFUSED not in r.content.decode()
        assert "Feil brukernavn eller passord" in r.content.decode()
    # The failure that reaches the limit says so at once.
    assert refused(login(name, "feil-passord"))
    answer = login(name, PASSWORD)
    assert refused(answer)
    html = answer.content.decode()
    assert "Vent 15 minutter" in html and 'lang="nb"' in html
    assert 'id="id_username"' in html and f'value="{name}"' in html  # the form, to try later
    assert "_auth_user_id" not in answer.wsgi_request.session
    assert len(password_checks) == LIMIT  # the refused try never reached the password


def test_the_fullwidth_and_upper_case_spellings_count_as_the_same_user(
    password_checks: list[str],
) -> None:
    caseworker(username="saksbehandler")
    for _ in range(LIMIT):
        login("saksbehandler", "feil-passord")
    # Django's login folds NFKC: this spelling logs in as "saksbehandler" when not throttled.
    assert refused(login("ｓａｋｓｂｅｈａｎｄｌｅｒ", PASSWORD))
    assert refused(login("SAKSBEHANDLER", PASSWORD))
    assert refused(login(" saksbehandler ", PASSWORD))
    assert len(password_checks) == LIMIT


def test_failures_in_other_spellings_lock_the_user_name_too() -> None:
    caseworker(username="saksbehandler")
    for spelling in [
        "ｓａｋｓｂｅｈａｎｄｌｅｒ",
        "Saksbehandler",
        "SAKSBEHANDLER",
        "ＳＡＫＳbehandler",
    ]:
        login(spelling, "feil-passord")
    assert login("saksbehandler", "feil-passord").status_code == 429
    assert refused(login("saksbehandler", PASSWORD))


def test_the_fullwidth_spelling_logs_in_when_nothing_is_throttled() -> None:
    caseworker(username="saksbehandler")
    assert logged_in(login("ｓａｋｓｂｅｈａｎｄｌｅｒ", PASSWORD))


def test_the_limit_is_per_user_name_and_address() -> None:
    name, other = new_name("a-"), new_name("b-")
    caseworker(username=name)
    caseworker(username=other)
    for _ in range(LIMIT):
        login(name, "feil-passord")
    assert logged_in(login(other, PASSWORD))
    assert logged_in(login(name, PASSWORD, address="10.0.0.2"))


def test_many_addresses_together_lock_the_user_name_at_the_higher_limit(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT_PER_USER = 8
    name = new_name("c-")
    caseworker(username=name)
    answers = [
        login(name, "feil-passord", address=address).status_code
        for address in ("10.0.1.1", "10.0.1.2")
        for _ in range(LIMIT - 1)
    ]
    assert answers == [200] * 7 + [429]  # no pair reached 5; the name reached 8
    assert refused(login(name, PASSWORD, address="10.0.1.3"))


def test_a_success_before_the_limit_clears_the_count() -> None:
    name = new_name("d-")
    caseworker(username=name)
    for _ in range(LIMIT - 1):
        login(name, "feil-passord")
    assert logged_in(login(name, PASSWORD))
    for _ in range(LIMIT - 1):
        login(name, "feil-passord")
    assert logged_in(login(name, PASSWORD))


def test_a_success_does_not_clear_the_count_of_another_address() -> None:
    name = new_name("e-")
    caseworker(username=name)
    for _ in range(LIMIT):
        login(name, "feil-passord", address="10.0.2.66")
    assert logged_in(login(name, PASSWORD, address="10.0.2.1"))
    assert refused(login(name, PASSWORD, address="10.0.2.66"))


def test_counts_are_kept_only_for_the_window() -> None:
    name = new_name("f-")
    caseworker(username=name)
    for _ in range(LIMIT):
        login(name, "feil-passord")
    assert refused(login(name, PASSWORD))
    # The window is counted from the last failure; a refused try does not extend it.
    last = AccessAttempt.objects.get(username=name).attempt_time
    AccessAttempt.objects.update(attempt_time=last - dt.timedelta(seconds=WINDOW - 5))
    assert refused(login(name, PASSWORD))
    AccessAttempt.objects.update(attempt_time=last - dt.timedelta(seconds=WINDOW + 1))
    assert logged_in(login(name, PASSWORD))


def test_the_window_and_limit_come_from_the_login_settings(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW = 120
    name = new_name("g-")
    caseworker(username=name)
    login(name, "feil-passord")
    answer = login(name, "feil-passord")
    assert refused(answer) and "Vent 2 minutter" in answer.content.decode()


# --- the client address behind the proxy -----------------------------------------------------

PROXY = "127.0.0.1"  # gunicorn sees the proxy's address
ATTACKER, REAL_USER = "198.51.100.66", "203.0.113.10"


def test_behind_the_proxy_an_attacker_does_not_lock_out_the_real_user(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    name = new_name("h-")
    caseworker(username=name)
    for _ in range(LIMIT):
        login(name, "feil-passord", address=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert refused(login(name, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER))
    assert logged_in(login(name, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_behind_the_proxy_a_forged_entry_is_not_believed(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    name = new_name("i-")
    caseworker(username=name)
    # The attacker sends the real user's address himself; the proxy appends the one it saw.
    for _ in range(LIMIT):
        forged = f"{REAL_USER}, {ATTACKER}"
        login(name, "feil-passord", address=PROXY, HTTP_X_FORWARDED_FOR=forged)
    assert logged_in(login(name, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=REAL_USER))
    assert refused(login(name, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER))


def test_two_proxies_take_the_entry_the_outer_proxy_appended(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 2
    name = new_name("j-")
    caseworker(username=name)
    for n in range(LIMIT):
        chain = f"192.0.2.{n}, {ATTACKER}, 10.1.1.1"  # forged, client, outer proxy
        login(name, "feil-passord", address=PROXY, HTTP_X_FORWARDED_FOR=chain)
    chain = f"{ATTACKER}, 10.1.1.1"
    assert refused(login(name, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=chain))
    chain = f"{REAL_USER}, 10.1.1.1"
    assert logged_in(login(name, PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=chain))


def test_without_the_proxy_setting_x_forwarded_for_is_ignored() -> None:
    name = new_name("k-")
    caseworker(username=name)
    # A new forged address every time changes nothing: the count is on REMOTE_ADDR.
    for n in range(LIMIT):
        login(name, "feil-passord", address="10.0.3.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert refused(login(name, PASSWORD, address="10.0.3.1", HTTP_X_FORWARDED_FOR=REAL_USER))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.3.1"}


@pytest.mark.parametrize(
    ("proxies", "remote", "header", "expected"),
    [
        (0, "10.0.0.1", "1.2.3.4", "10.0.0.1"),
        (1, "127.0.0.1", "1.2.3.4", "1.2.3.4"),
        (1, "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (1, "127.0.0.1", " 2001:DB8::1 ", "2001:db8::1"),
        (1, "127.0.0.1", "", "127.0.0.1"),  # not through the proxy
        (1, "127.0.0.1", "ikke-en-adresse", "127.0.0.1"),
        (2, "127.0.0.1", "1.2.3.4", "127.0.0.1"),  # too short: not through both proxies
        (2, "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
    ],
)
def test_client_ip(settings: Any, proxies: int, remote: str, header: str, expected: str) -> None:
    from django.test import RequestFactory

    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert throttle.client_ip(request) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("saksbehandler", "saksbehandler"),
        ("ｓａｋｓｂｅｈａｎｄｌｅｒ", "saksbehandler"),
        ("  Saksbehandler\t", "saksbehandler"),
        ("STRAßE", "strasse"),
        ("ﬁn", "fin"),
    ],
)
def test_normalise(raw: str, key: str) -> None:
    assert throttle.normalise(raw) == key


# --- parallel guesses ------------------------------------------------------------------------

PARALLEL = 40


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_get_at_most_the_limit_of_password_checks(
    password_checks: list[str],
) -> None:
    name = new_name("p-")
    caseworker(username=name)
    start = threading.Barrier(PARALLEL)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def guess(n: int) -> None:
        try:
            client = Client(REMOTE_ADDR="10.0.9.9")
            start.wait(timeout=30)
            r = client.post(reverse("logg-inn"), {"username": name, "password": f"gjett-{n}"})
            statuses.append(r.status_code)
        except BaseException as e:  # reported below, in the test's thread
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(statuses) == PARALLEL
    assert len(password_checks) <= LIMIT
    assert statuses.count(200) == LIMIT - 1  # "wrong password" before the limit
    assert statuses.count(429) == PARALLEL - (LIMIT - 1)
    assert refused(login(name, PASSWORD, address="10.0.9.9"))
    assert len(password_checks) <= LIMIT
